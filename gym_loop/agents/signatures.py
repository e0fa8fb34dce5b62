"""Whether the loops can call an agent's methods as they will: checked from their signatures, at spec time and
when an agent is bound (docs/agents.rst, "Optional arguments")."""

import inspect
import reprlib
from typing import Any, Callable, Dict, Iterable, Optional, Tuple

from gym_loop.errors import GymLoopError

MEMORIZE_EXTRAS = ("terminated", "truncated", "info", "global_step")
CALLED_AS = {"act": "state, episode_num", "memorize": "last_ob, action, reward, done, ob", "update": "episode_num",
             "metrics": "episode_num"}  # the positional arguments each method is called with


def call_problem(agent: Any, called_as: Dict[str, str] = CALLED_AS) -> Optional[str]:
    """Why the loops cannot call the methods of ``agent`` (a class or an object) as they will, or None.

    ``act``, ``update`` and ``metrics`` must take the positional arguments of :data:`CALLED_AS` (or of
    ``called_as``: ``{"act": "state"}`` for a policy);
    ``memorize`` its five, and any further parameter it requires must be one gym-loop passes. A method
    whose signature Python cannot tell (a builtin, a callable object) is not checked.
    """
    owner = agent.__name__ if isinstance(agent, type) else type(agent).__name__
    if problem := never_runs(agent, owner, (*called_as, "save", "load")):
        return problem
    for name, arguments in called_as.items():
        signature = _instance_signature(agent, name)
        if signature is None:
            continue
        env_id = signature.parameters.get("env_id")  # VectorLoop passes it by name, the other loops do not
        if name in ("act", "memorize") and env_id is not None and env_id.default is env_id.empty and env_id.kind in (
                env_id.POSITIONAL_OR_KEYWORD, env_id.KEYWORD_ONLY):
            return (f"{owner}.{name}{signature} names env_id without a default; DefaultLoop and evaluations pass "
                    f"none: def {name}(self, {arguments}, env_id=0)")
        bind = signature.bind_partial if name == "memorize" else signature.bind  # memorize's extras: below
        try:
            bind(*arguments.split(", "))
        except TypeError:
            return (f"{owner}.{name}{signature} cannot be called as {name}({arguments}), as gym-loop calls it; "
                    f"define it as def {name}(self, {arguments})")
        if name == "memorize":
            try:
                sixth_positional(signature, f"{owner}.memorize")
            except GymLoopError as error:
                return str(error)
    return None


def _instance_signature(agent: Any, name: str) -> Optional[inspect.Signature]:
    """The signature of method ``name`` as called on an instance (without ``self``); None if unknown or absent."""
    method = getattr(agent, name, None)
    found = inspect.getattr_static(agent, name, None) if isinstance(agent, type) else None
    if isinstance(agent, type) and not isinstance(found, (staticmethod, classmethod)):
        method = found if inspect.isfunction(found) else None  # a plain function takes the instance first
    try:
        signature = inspect.signature(method) if callable(method) else None
    except (TypeError, ValueError):
        return None
    first = next(iter(signature.parameters.values()), None) if signature else None
    takes_self = first is not None and first.kind in (first.POSITIONAL_ONLY, first.POSITIONAL_OR_KEYWORD)
    if inspect.isfunction(found) and takes_self:
        return signature.replace(parameters=list(signature.parameters.values())[1:])
    return signature  # without self: *args takes the instance, else binding fails as the call would


def sixth_positional(signature: inspect.Signature, qualified_name: str) -> bool:
    """Whether a method of ``signature`` (without ``self``) requires a sixth positional argument not named like
    an extra.

    Raises:
        GymLoopError: It requires any other argument the loop does not pass (the message names the first
            such: the sixth positional one, whatever its name, receives global_step).
    """
    parameters = enumerate(signature.parameters.items())
    unknown_required = [(position, name, p.kind) for position, (name, p) in parameters
                        if position >= 5 and name not in MEMORIZE_EXTRAS and p.default is p.empty
                        and p.kind not in (p.VAR_POSITIONAL, p.VAR_KEYWORD)]
    sixth = bool(unknown_required) and unknown_required[0][0] == 5 and unknown_required[0][2] in (
        inspect.Parameter.POSITIONAL_ONLY, inspect.Parameter.POSITIONAL_OR_KEYWORD)  # gets global_step
    unfilled = unknown_required[1:] if sixth else unknown_required
    if unfilled:
        raise GymLoopError(f"{qualified_name} requires '{unfilled[0][1]}', which gym-loop does not pass; it passes "
                           f"(last_ob, action, reward, done, ob) and, by name, {', '.join(MEMORIZE_EXTRAS)}")
    return sixth


def accepted_keywords(function: Callable, names: Iterable[str]) -> Tuple[str, ...]:
    """Which of ``names`` ``function`` accepts as keyword arguments: all of them with ``**kwargs``, none if Python
    cannot tell its signature (the constructor of a builtin type, or of a subclass without ``__init__``)."""
    try:
        parameters = inspect.signature(function).parameters
    except (TypeError, ValueError):
        return ()
    if any(p.kind is p.VAR_KEYWORD for p in parameters.values()):
        return tuple(names)
    keyword_kinds = (inspect.Parameter.POSITIONAL_OR_KEYWORD, inspect.Parameter.KEYWORD_ONLY)
    return tuple(n for n in names if n in parameters and parameters[n].kind in keyword_kinds)


def getattr_problem(owner: str, name: str, error: BaseException) -> str:
    """What to say of reading attribute ``name`` of an agent of class ``owner`` that raised ``error``, not
    AttributeError (a dict-backed ``__getattr__`` raising KeyError)."""
    return (f"agent.{name}: reading it raised {type(error).__name__}: {error} ({owner}.__getattr__?); a __getattr__ "
            "must raise AttributeError for a name it does not have")


def never_runs(agent: Any, owner: str, names: Iterable[str]) -> Optional[str]:
    """Why a method of ``agent`` among ``names`` would run none of its body when called (a generator function, whose
    call only makes a generator; an ``async def``, whose call only makes a coroutine), or None."""
    for name in names:
        try:
            method = getattr(agent, name, None)
        except Exception as error:  # noqa: BLE001 (a __getattr__ of the user's, answering a name it lacks)
            return getattr_problem(owner, name, error)
        if method is not None and not callable(method):  # a __getattr__ answering every name, say
            return (f"{owner}.{name} is {reprlib.repr(method)}, not a method; define {name} as a method, or leave it "
                    "out (a __getattr__ must raise AttributeError for a name it does not have)")
        if inspect.iscoroutinefunction(method) or inspect.isasyncgenfunction(method):
            return f"{owner}.{name} is an async def, so calling it runs none of its body; remove async from {name}"
        if inspect.isgeneratorfunction(method):
            return (f"{owner}.{name} contains yield, so calling it runs none of its body; remove the yield from "
                    f"{name}")
    return None
