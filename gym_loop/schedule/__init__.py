"""The schedule of a run: small rule objects asked after every episode and every periodic evaluation.

A rule defines ``after_episode(progress) -> Optional[Decision]``, ``after_evaluation(episode, global_step,
mean_return) -> Optional[Stop]`` or both; docs/loops.rst (Schedule rules) says when each is asked.
"""

from dataclasses import dataclass
from typing import Union

EVALUATE = "evaluate"
CHECKPOINT = "checkpoint"


@dataclass(frozen=True)
class Stop:
    """The end of a run that a rule asks for; the run ends after a checkpoint.

    Args:
        status: What ``run.json`` records as the run's status, e.g. ``finished`` or ``pruned``.
        reason: Why, in words, for ``run.json`` and the log.
    """

    status: str
    reason: str


Decision = Union[str, Stop]

__all__ = ["CHECKPOINT", "EVALUATE", "Decision", "Stop"]
