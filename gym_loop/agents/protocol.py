"""How the loops call an agent, decided once at start-up from its signatures (docs/agents.rst, "Optional arguments")."""

import functools
import inspect
import itertools
from typing import Any, Callable, Dict, Iterable, NamedTuple, Optional, Tuple

from gym_loop.errors import GymLoopError
from gym_loop.state import load_attributes, remember_given, save_attributes

MEMORIZE_EXTRAS = ("terminated", "truncated", "info", "global_step")
LOOP_ARGUMENTS = "last_ob, action, reward, done, ob, terminated, truncated, info, global_step"
CALLED_AS = {"act": "state, episode_num", "memorize": "last_ob, action, reward, done, ob", "update": "episode_num",
             "metrics": "episode_num"}  # the positional arguments each method is called with


class AgentCalls(NamedTuple):
    """The agent's methods, ready to call with the loop's full set of arguments."""

    act: Callable[[Any, int], Any]
    act_eval: Callable[[Any, int], Any]  # act in evaluation: with evaluation=True, if act takes it
    memorize: Callable[..., None]
    update: Callable[[int], None]
    metrics: Callable[[int], Dict[str, float]]
    save: Callable[[str], None]
    load: Callable[[str], None]


def bind_agent(agent: Any) -> AgentCalls:
    """Look at the agent's methods once and return callables with a fixed calling convention.

    ``memorize`` is always called as ``memorize(last_ob, action, reward, done, ob, terminated,
    truncated, info, global_step)``; the extras the agent does not ask for are dropped.

    Raises:
        GymLoopError: ``act`` is missing, or a method cannot be called as the loop calls it (see :func:`call_problem`).
    """
    if not callable(getattr(agent, "act", None)):
        raise GymLoopError(f"{type(agent).__name__} has no act(state, episode_num) method")
    if problem := call_problem(agent):
        raise GymLoopError(problem)
    evaluation = {"evaluation": True} if accepted_keywords(agent.act, ("evaluation",)) else {}
    remember_given(agent)  # the agent's parameters as built, before it learns: the default save keeps changes to them
    return AgentCalls(
        act=agent.act,
        act_eval=functools.partial(agent.act, **evaluation),
        memorize=_bind_memorize(agent),
        update=getattr(agent, "update", None) or (lambda episode_num: None),
        metrics=getattr(agent, "metrics", None) or (lambda episode_num: {}),
        save=getattr(agent, "save", None) or (lambda path: save_attributes(agent, path)),
        load=getattr(agent, "load", None) or (lambda path: load_attributes(agent, path)),
    )


def call_problem(agent: Any) -> Optional[str]:
    """Why the loops cannot call the methods of ``agent`` (a class or an object) as they will, or None.

    ``act``, ``update`` and ``metrics`` must take the positional arguments of :data:`CALLED_AS`;
    ``memorize`` its five, and any further parameter it requires must be one gym-loop passes. A method
    whose signature Python cannot tell (a builtin, a callable object) is not checked.
    """
    owner = agent.__name__ if isinstance(agent, type) else type(agent).__name__
    for name, arguments in CALLED_AS.items():
        signature = _instance_signature(agent, name)
        if signature is None:
            continue
        bind = signature.bind_partial if name == "memorize" else signature.bind  # memorize's extras: below
        try:
            bind(*arguments.split(", "))
        except TypeError:
            return (f"{owner}.{name}{signature} cannot be called as {name}({arguments}), as gym-loop calls it; "
                    f"define it as def {name}(self, {arguments})")
        if name == "memorize":
            try:
                _sixth_positional(signature, f"{owner}.memorize")
            except GymLoopError as error:
                return str(error)
    return None


def _instance_signature(agent: Any, name: str) -> Optional[inspect.Signature]:
    """The signature of method ``name`` as called on an instance (without ``self``); None if unknown or absent."""
    if not isinstance(agent, type):
        method = getattr(agent, name, None)
        function, drop_self = (method, False) if callable(method) else (None, False)
    else:
        found = inspect.getattr_static(agent, name, None)
        if isinstance(found, staticmethod):
            function, drop_self = found.__func__, False
        elif isinstance(found, classmethod):
            function, drop_self = getattr(agent, name), False
        else:
            function, drop_self = (found, True) if inspect.isfunction(found) else (None, False)
    try:
        signature = inspect.signature(function) if function is not None else None
    except (TypeError, ValueError):
        return None
    first = next(iter(signature.parameters.values()), None) if signature else None
    if drop_self and first is not None and first.kind in (first.POSITIONAL_ONLY, first.POSITIONAL_OR_KEYWORD):
        return signature.replace(parameters=list(signature.parameters.values())[1:])
    return signature  # without self: *args takes the instance, else binding fails as the call would


def accepted_keywords(function: Callable, names: Iterable[str]) -> Tuple[str, ...]:
    """Which of ``names`` ``function`` accepts as keyword arguments (all of them with ``**kwargs``)."""
    parameters = inspect.signature(function).parameters
    if any(p.kind is p.VAR_KEYWORD for p in parameters.values()):
        return tuple(names)
    keyword_kinds = (inspect.Parameter.POSITIONAL_OR_KEYWORD, inspect.Parameter.KEYWORD_ONLY)
    return tuple(n for n in names if n in parameters and parameters[n].kind in keyword_kinds)


def _bind_memorize(agent: Any) -> Callable[..., None]:
    """``memorize`` taking the loop's nine arguments positionally and passing on what the agent asks for.

    Decided once from the signature; a step builds no dict and filters no arguments (see
    :func:`forwarder`). A ``memorize`` whose parameters after ``ob`` are exactly the four extras,
    in order, is called as it is.
    """
    memorize = getattr(agent, "memorize", None)
    if memorize is None:
        return forwarder(None, "")
    after_ob = names_after_ob(memorize)
    if after_ob == MEMORIZE_EXTRAS:
        return memorize
    if _sixth_positional(inspect.signature(memorize), f"{type(agent).__name__}.memorize") or after_ob == (
            "global_step",):
        # The original gym-loop passed global_step as a sixth positional argument, whatever its name.
        return forwarder(memorize, "global_step")
    wanted = accepted_keywords(memorize, MEMORIZE_EXTRAS)
    positional = tuple(itertools.takewhile(wanted.__contains__, after_ob))  # positional: cheaper than keywords
    keywords = [f"{name}={name}" for name in wanted if name not in positional]
    return forwarder(memorize, ", ".join([*positional, *keywords]))


def forwarder(method: Optional[Callable], extras: str, arguments: str = LOOP_ARGUMENTS) -> Callable[..., None]:
    """A function of ``arguments`` that calls ``method`` with the first five of them and ``extras``.

    Compiled from source once, as :func:`collections.namedtuple` builds its methods: a plain call
    with a fixed argument list, the cheapest Python has. ``extras`` is made only of gym-loop's own
    argument names (never of user input); with ``method`` None the function does nothing.
    """
    if method is None:
        return eval(f"lambda {arguments}: None", {})  # noqa: S307 (fixed source)
    passed = ", ".join([*arguments.split(", ")[:5], *([extras] if extras else [])])
    return eval(f"lambda {arguments}: method({passed})", {"method": method})  # noqa: S307 (fixed source)


def names_after_ob(method: Callable) -> Tuple[str, ...]:
    """The names of the positional parameters after the first five."""
    parameters = list(inspect.signature(method).parameters.values())[5:]
    return tuple(p.name for p in parameters if p.kind is p.POSITIONAL_OR_KEYWORD)


def _sixth_positional(signature: inspect.Signature, qualified_name: str) -> bool:
    """Whether a method of ``signature`` (without ``self``) requires a sixth positional argument not named like an extra.

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
