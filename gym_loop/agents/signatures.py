"""Whether the loops can call an agent's methods as they will: checked from their signatures, at spec time and
when an agent is bound (docs/agents.rst, "Optional arguments")."""

import inspect
import itertools
import reprlib
from typing import Any, Callable, Dict, Iterable, List, Optional, Tuple

from gym_loop.errors import GymLoopError

MEMORIZE_EXTRAS = ("terminated", "truncated", "info", "global_step")
CALLED_AS = {"act": "state, episode_num", "memorize": "last_ob, action, reward, done, ob", "update": "episode_num",
             "metrics": "episode_num"}  # the positional arguments each method is called with


BY_NAME = {"act": ("evaluation", "deterministic"), "memorize": MEMORIZE_EXTRAS}  # passed by name, after the rest
ORDINALS = ("first", "second", "third", "fourth", "fifth")


def bound_problem(agent: Any) -> Optional[str]:
    """Why the loops cannot call ``agent``, an agent they are given (not a class: ``DefaultLoop(RandomAgent, env)``
    would pass the state as ``self``), or None."""
    if isinstance(agent, type):
        return (f"agent: got the class {agent.__name__}, not an agent; pass {agent.__name__}(observation_space="
                "env.observation_space, action_space=env.action_space)")
    if not callable(getattr(agent, "act", None)):
        return f"{type(agent).__name__} has no act(state, episode_num) method"
    return call_problem(agent)


def call_problem(agent: Any, called_as: Dict[str, str] = CALLED_AS) -> Optional[str]:
    """Why the loops cannot call the methods of ``agent`` (a class or an object) as they will, or None.

    ``act``, ``update`` and ``metrics`` must take the positional arguments of :data:`CALLED_AS` (or of
    ``called_as``: ``{"act": "state"}`` for a policy), in parameters not named like what gym-loop passes by name
    (:data:`BY_NAME`); ``memorize`` its five, and any further parameter it requires must be one gym-loop passes
    (:func:`memorize_extras`, which the binding calls it by). A method whose signature Python cannot tell (a
    builtin, a callable object) is not checked.
    """
    owner = agent.__name__ if isinstance(agent, type) else type(agent).__name__
    if problem := never_runs(agent, owner, (*called_as, "save", "load")):
        return problem
    from gym_loop.state import PASSED

    constructor = _known(agent) if isinstance(agent, type) else None
    if stuck := next((p.name for p in (constructor.parameters.values() if constructor else ())
                      if p.kind is p.POSITIONAL_ONLY and p.name in PASSED), None):
        return f"{owner}.__init__ takes {stuck} positional-only; gym-loop passes it by keyword: remove the /"
    for name, arguments in called_as.items():
        signature = instance_signature(agent, name)
        if signature is None:
            continue
        env_id = signature.parameters.get("env_id")  # VectorLoop passes it by name, the other loops do not
        if name in ("act", "memorize") and env_id is not None and env_id.default is env_id.empty and env_id.kind in (
                env_id.POSITIONAL_OR_KEYWORD, env_id.KEYWORD_ONLY):
            return (f"{owner}.{name}{signature} names env_id without a default; DefaultLoop and evaluations pass "
                    f"none: def {name}(self, {arguments}, env_id=0)")
        bind = signature.bind_partial if name == "memorize" else signature.bind  # memorize's extras: below
        by_name = [n for n in BY_NAME.get(name, ()) if n in signature.parameters and arguments == CALLED_AS[name]]
        fix = f"def {name}(self, {', '.join([arguments, *(n + '=False' * (name == 'act') for n in by_name)])})"
        try:
            bound = list(bind(*arguments.split(", ")).arguments)
        except TypeError:
            return (f"{owner}.{name}{signature} cannot be called as {name}({arguments}), as gym-loop calls it; "
                    f"define it as {fix}")
        if misplaced := next((n for n in by_name if n in bound[:len(arguments.split(", "))]), None):
            return (f"{owner}.{name} names its {ORDINALS[bound.index(misplaced)]} parameter {misplaced}, but gym-loop "
                    f"passes ({arguments}) in that order and {misplaced} by name after them: {fix}")
        if name == "memorize":
            try:
                memorize_extras(signature, f"{owner}.memorize")
            except GymLoopError as error:
                return str(error)
    return None


def instance_signature(agent: Any, name: str) -> Optional[inspect.Signature]:
    """The signature of method ``name`` as called on an instance (without ``self``); None if unknown or absent, or
    if it says nothing (a decorator's wrapper without ``functools.wraps``: memorize then gets no extras)."""
    method = getattr(agent, name, None)
    found = inspect.getattr_static(agent, name, None) if isinstance(agent, type) else None
    if isinstance(agent, type) and not isinstance(found, (staticmethod, classmethod)):
        method = found if inspect.isfunction(found) else None  # a plain function takes the instance first
    try:
        signature = inspect.signature(method) if callable(method) else None
    except (TypeError, ValueError):
        return None
    if signature and getattr(method, "__name__", name) != name and _known(method) is None:
        return None  # only (*args, **kwargs), and named otherwise: a decorator's wrapper without functools.wraps
    first = next(iter(signature.parameters.values()), None) if signature else None
    takes_self = first is not None and first.kind in (first.POSITIONAL_ONLY, first.POSITIONAL_OR_KEYWORD)
    if inspect.isfunction(found) and takes_self:
        return signature.replace(parameters=list(signature.parameters.values())[1:])
    return signature  # without self: *args takes the instance, else binding fails as the call would


def memorize_extras(signature: Optional[inspect.Signature],
                    qualified_name: str) -> Tuple[Tuple[str, ...], Tuple[str, ...]]:
    """What ``memorize`` of ``signature`` (without ``self``; None: unknown) gets after its five positional arguments:
    the loop's arguments it takes positionally, in order, and the extras it takes by name. One rule for the spec
    check and the binding: a positional parameter named like an extra (positional-only too) gets it; a required
    sixth of another name gets ``global_step``, as in the original; the extras named further on, or all of them
    with ``**kwargs``, are passed by name.

    Raises:
        GymLoopError: It requires an argument the loop does not pass, or takes an extra positional-only where it
            cannot be passed positionally.
    """
    parameters = list(signature.parameters.values()) if signature else []
    positional_kinds = (inspect.Parameter.POSITIONAL_ONLY, inspect.Parameter.POSITIONAL_OR_KEYWORD)
    head = len(list(itertools.takewhile(lambda p: p.kind in positional_kinds, parameters[:5])))
    positional: List[str] = []
    for index, p in enumerate(parameters[5:] if head == 5 else []):
        if p.kind not in positional_kinds or not (p.name in MEMORIZE_EXTRAS or index == 0 and p.default is p.empty):
            break
        positional.append(p.name if p.name in MEMORIZE_EXTRAS else "global_step")
    left = parameters[head + len(positional):]
    if unfilled := next((p for p in left if p.default is p.empty and p.name not in MEMORIZE_EXTRAS
                         and p.kind not in (p.VAR_POSITIONAL, p.VAR_KEYWORD)), None):
        raise GymLoopError(f"{qualified_name} requires '{unfilled.name}', which gym-loop does not pass; it passes "
                           f"(last_ob, action, reward, done, ob) and, by name, {', '.join(MEMORIZE_EXTRAS)}")
    if stuck := next((p for p in left if p.kind is p.POSITIONAL_ONLY and p.name in MEMORIZE_EXTRAS), None):
        raise GymLoopError(f"{qualified_name} takes {stuck.name} positional-only after a parameter gym-loop does not "
                           f"fill; remove the / (gym-loop passes {stuck.name} by name there)")
    taken = [p.name for p in parameters[head:head + len(positional)]]
    every = any(p.kind is p.VAR_KEYWORD for p in left)
    keywords = tuple(n for n in MEMORIZE_EXTRAS if n not in taken and (every or n in {p.name for p in left}))
    return tuple(positional), keywords


def evaluation_keywords(act: Callable) -> Dict[str, bool]:
    """The keywords ``act`` gets in an evaluation: ``evaluation=True`` if it names ``evaluation`` or takes
    ``**kwargs``, ``deterministic=True`` (Stable-Baselines3's name) only if it names it; none for a signature
    Python cannot tell, or one of only ``*args, **kwargs`` (a decorator's wrapper without functools.wraps)."""
    signature = _known(act)
    names = [n for n, p in signature.parameters.items() if p.kind in (p.POSITIONAL_OR_KEYWORD, p.KEYWORD_ONLY)
             ] if signature else []
    every = bool(signature) and any(p.kind is p.VAR_KEYWORD for p in signature.parameters.values())
    return {n: True for n in ("evaluation", "deterministic") if n in names or every and n == "evaluation"}


def names_after_ob(method: Callable) -> Tuple[str, ...]:
    """The names of the positional parameters after the first five."""
    parameters = list(inspect.signature(method).parameters.values())[5:]
    return tuple(p.name for p in parameters if p.kind is p.POSITIONAL_OR_KEYWORD)


def _known(method: Any) -> Optional[inspect.Signature]:
    """``method``'s signature; None if Python cannot tell it or it is only ``*args, **kwargs`` (says nothing)."""
    try:
        signature = inspect.signature(method)
    except (TypeError, ValueError):
        return None
    variadic = (inspect.Parameter.VAR_POSITIONAL, inspect.Parameter.VAR_KEYWORD)
    return None if signature.parameters and all(p.kind in variadic for p in signature.parameters.values()) and len(
        signature.parameters) == 2 else signature


def accepted_keywords(function: Callable, names: Iterable[str]) -> Tuple[str, ...]:
    """Which of ``names`` ``function`` accepts as keyword arguments: all of them with ``**kwargs``, none if Python
    cannot tell its signature (the constructor of a builtin type, or of a subclass without ``__init__``)."""
    try:
        parameters = inspect.signature(function).parameters
    except (TypeError, ValueError):
        return ()
    if any(p.kind is p.VAR_KEYWORD for p in parameters.values()):  # not into **kwargs past a positional-only one
        return tuple(n for n in names if n not in parameters or parameters[n].kind is not parameters[n].POSITIONAL_ONLY)
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
        if not isinstance(agent, type) and method is not None and not callable(method):  # a __getattr__ answering
            # every name, say (on a class, a property is no method yet)
            return (f"{owner}.{name} is {reprlib.repr(method)}, not a method; define {name} as a method, or leave it "
                    "out (a __getattr__ must raise AttributeError for a name it does not have)")
        if inspect.iscoroutinefunction(method) or inspect.isasyncgenfunction(method):
            return f"{owner}.{name} is an async def, so calling it runs none of its body; remove async from {name}"
        if inspect.isgeneratorfunction(method):
            return (f"{owner}.{name} contains yield, so calling it runs none of its body; remove the yield from "
                    f"{name}")
    return None
