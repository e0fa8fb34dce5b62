"""The original gym-loop's ``act(state, global_step)`` and ``update(global_step)``: its loop passed the env step
count where the seeds' API names ``episode_num``; an agent that names the parameter ``global_step`` gets it."""

import inspect
from typing import Any, Callable, Optional


def by_steps(calls: Any, loop: Any) -> Any:
    """``calls`` (:class:`~gym_loop.agents.protocol.AgentCalls`) with ``act`` and ``update`` given the env step count
    instead of the episode number where the agent names that parameter ``global_step``; the others as they are.

    The count is ``loop.global_step`` (env steps before the episode, under DefaultLoop) plus the steps of the
    episode so far, the step being taken included, as the original counted it. An evaluation takes no training
    step: its ``act`` gets training's count as it stands, so the count an agent sees never goes back.
    """
    act, update = _named(calls.act, 1), _named(calls.update, 0)
    if not (act or update):
        return calls
    training, evaluation = _Count(loop), _Count(loop)
    return calls._replace(act=training.wrap(calls.act, tick=True) if act else calls.act,
                          act_eval=evaluation.wrap(calls.act_eval, tick=False) if act else calls.act_eval,
                          update=training.wrap(calls.update, tick=not act) if update else calls.update)


def _named(method: Callable, position: int) -> bool:
    """Whether ``method``'s positional parameter at ``position`` is named ``global_step``."""
    try:
        parameters = list(inspect.signature(method).parameters.values())
    except (TypeError, ValueError):
        return False
    return len(parameters) > position and parameters[position].name == "global_step"


class _Count:
    """The env step count of the step being taken, from the episode numbers the loop passes."""

    def __init__(self, loop: Any):
        self.loop, self.episode, self.base, self.steps = loop, None, 0, 0

    def at(self, episode: int, tick: bool) -> int:
        # A new episode (or a resume); a count that does not tick (update after act) reads the last act's, whose
        # episode VectorLoop's update does not share.
        if (tick and episode != self.episode) or self.base + self.steps < self.loop.global_step:
            self.episode, self.base, self.steps = episode, self.loop.global_step, 0
        self.steps += tick
        return self.base + self.steps

    def wrap(self, method: Callable, tick: bool) -> Callable:
        def called(*arguments: Any, **keywords: Any) -> Optional[Any]:
            return method(*arguments[:-1], self.at(arguments[-1], tick), **keywords)
        return called
