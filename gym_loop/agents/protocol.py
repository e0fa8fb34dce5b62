"""How the loops call an agent, decided once at start-up from its signatures (docs/agents.rst, "Optional arguments")."""

import functools
from typing import Any, Callable, Dict, NamedTuple, Optional, Tuple

from gym_loop.agents.signatures import (MEMORIZE_EXTRAS, bound_problem, evaluation_keywords, instance_signature,
                                        memorize_extras)
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
    own: Tuple[Any, ...] = ()  # what the agent held as its own methods when bound (:func:`assigned`)


def rebound(loop: Any) -> bool:
    """Whether ``loop.calls`` were bound again, the agent having assigned itself a method since they were bound
    (``self.act = self.greedy`` in ``update``, or in ``load``: a resume's, an evaluation's), as the original's loop,
    calling ``agent.act`` each step, took it: checked once an episode."""
    if loop.calls.own == assigned(loop.agent):
        return False
    from gym_loop.agents.step_count import by_steps
    loop.calls = by_steps(bind_agent(loop.agent, loop.calls), loop)
    return True


def assigned(agent: Any) -> Tuple[Any, ...]:
    """The methods the agent holds as its own attributes (``self.act = ...``), None for each it does not."""
    return tuple(getattr(agent, "__dict__", {}).get(name) for name in ("act", "memorize", "update", "metrics"))


def bind_agent(agent: Any, before: Optional[AgentCalls] = None) -> AgentCalls:
    """Look at the agent's methods once and return callables with a fixed calling convention.

    ``memorize`` is always called as ``memorize(last_ob, action, reward, done, ob, terminated,
    truncated, info, global_step)``; the extras the agent does not ask for are dropped.

    Raises:
        GymLoopError: :func:`~gym_loop.agents.signatures.bound_problem`: a class, no ``act``, or a method the
            loop cannot call.
    """
    if problem := bound_problem(agent):
        raise GymLoopError(problem)
    if before is None:  # else the agent bound ``before`` assigned itself a method: its save and load are kept
        remember_given(agent)  # its parameters as built, before it learns: the default save keeps changes to them
    save, load = save_and_load(agent) if before is None else (before.save, before.load)  # and what subclasses add
    return AgentCalls(
        act=agent.act,
        act_eval=functools.partial(agent.act, **evaluation_keywords(agent.act)),
        memorize=bind_memorize(agent),
        update=getattr(agent, "update", None) or (lambda episode_num: None),
        metrics=getattr(agent, "metrics", None) or (lambda episode_num: {}),
        save=save, load=load, own=assigned(agent),
    )


def bind_memorize(agent: Any, more: Tuple[str, ...] = ()) -> Callable[..., None]:
    """``memorize`` taking the loop's nine arguments (and ``more``, passed on by keyword) positionally and passing on
    what the agent asks for (:func:`~gym_loop.agents.signatures.memorize_extras`, the spec check's rule).

    Decided once from the signature; a step builds no dict and filters no arguments (see
    :func:`forwarder`). A ``memorize`` whose parameters after ``ob`` are exactly the four extras,
    in order, is called as it is.
    """
    memorize, arguments = getattr(agent, "memorize", None), ", ".join([LOOP_ARGUMENTS, *more])
    if memorize is None:
        return forwarder(None, "", arguments)
    positional, keywords = memorize_extras(instance_signature(agent, "memorize"), f"{type(agent).__name__}.memorize")
    if positional == MEMORIZE_EXTRAS and not keywords and not more:
        return memorize
    return forwarder(memorize, ", ".join([*positional, *(f"{name}={name}" for name in (*keywords, *more))]), arguments)


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
