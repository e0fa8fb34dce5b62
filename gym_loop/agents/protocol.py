"""How the loops call an agent, decided once at start-up from its signatures (docs/agents.rst, "Optional arguments")."""

import functools
import inspect
import itertools
from typing import Any, Callable, Dict, NamedTuple, Optional, Tuple

from gym_loop.agents.signatures import MEMORIZE_EXTRAS, accepted_keywords, call_problem, sixth_positional
from gym_loop.errors import GymLoopError
from gym_loop.state import remember_given, save_and_load

LOOP_ARGUMENTS = "last_ob, action, reward, done, ob, terminated, truncated, info, global_step"


class AgentCalls(NamedTuple):
    """The agent's methods, ready to call with the loop's full set of arguments."""

    act: Callable[[Any, int], Any]
    act_eval: Callable[[Any, int], Any]  # act in evaluation: with evaluation=True (deterministic=True), if act takes it
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
        GymLoopError: No ``act``, or a method the loop cannot call (:func:`~gym_loop.agents.signatures.call_problem`).
    """
    if not callable(getattr(agent, "act", None)):
        raise GymLoopError(f"{type(agent).__name__} has no act(state, episode_num) method")
    if problem := call_problem(agent):
        raise GymLoopError(problem)
    named = inspect.signature(agent.act).parameters  # deterministic (SB3's name) only if named: not to **kwargs
    evaluation = {name: True for name in accepted_keywords(agent.act, ("evaluation", "deterministic"))
                  if name == "evaluation" or name in named}
    remember_given(agent)  # the agent's parameters as built, before it learns: the default save keeps changes to them
    save, load = save_and_load(agent)  # and what subclasses of a base agent with its own save add (added_attributes)
    return AgentCalls(
        act=agent.act,
        act_eval=functools.partial(agent.act, **evaluation),
        memorize=bind_memorize(agent),
        update=getattr(agent, "update", None) or (lambda episode_num: None),
        metrics=getattr(agent, "metrics", None) or (lambda episode_num: {}),
        save=save, load=load,
    )


def bind_memorize(agent: Any, more: Tuple[str, ...] = ()) -> Callable[..., None]:
    """``memorize`` taking the loop's nine arguments (and ``more``, passed on by keyword) positionally and passing on
    what the agent asks for.

    Decided once from the signature; a step builds no dict and filters no arguments (see
    :func:`forwarder`). A ``memorize`` whose parameters after ``ob`` are exactly the four extras,
    in order, is called as it is.
    """
    memorize, arguments, passed = getattr(agent, "memorize", None), ", ".join([LOOP_ARGUMENTS, *more]), [
        f"{name}={name}" for name in more]
    if memorize is None:
        return forwarder(None, "", arguments)
    after_ob = names_after_ob(memorize)
    if after_ob == MEMORIZE_EXTRAS and not more:
        return memorize
    if sixth_positional(inspect.signature(memorize), f"{type(agent).__name__}.memorize") or after_ob == (
            "global_step",):
        # The original gym-loop passed global_step as a sixth positional argument, whatever its name.
        return forwarder(memorize, ", ".join(["global_step", *passed]), arguments)
    wanted = accepted_keywords(memorize, MEMORIZE_EXTRAS)
    positional = tuple(itertools.takewhile(wanted.__contains__, after_ob))  # positional: cheaper than keywords
    keywords = [f"{name}={name}" for name in wanted if name not in positional]
    return forwarder(memorize, ", ".join([*positional, *keywords, *passed]), arguments)


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
