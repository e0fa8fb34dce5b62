"""The schedule of a run: small rule objects asked after every episode and every periodic evaluation.

A rule defines ``after_episode(progress) -> Optional[Decision]``, ``after_evaluation(episode, global_step,
mean_return) -> Optional[Stop]`` or both; docs/loops.rst (Schedule rules) says when each is asked.
"""

from dataclasses import dataclass
from typing import Union

from gym_loop.errors import GymLoopError

EVALUATE = "evaluate"
CHECKPOINT = "checkpoint"
STATUSES = ("finished", "pruned", "interrupted")  # a run's status after a Stop (docs/runs.rst: run.json)


@dataclass(frozen=True)
class Stop:
    """The end of a run that a rule asks for; the run ends after a checkpoint.

    Args:
        status: What ``run.json`` records as the run's status: ``finished``, ``pruned`` or ``interrupted``.
        reason: Why, in words, for ``run.json`` and the log.

    Raises:
        GymLoopError: Another status (a failed run is one whose code raised an exception).
    """

    status: str
    reason: str

    def __post_init__(self) -> None:
        if self.status not in STATUSES:
            raise GymLoopError(f"Stop({self.status!r}, ...): a rule stops a run as {', '.join(STATUSES[:-1])} or "
                               f"{STATUSES[-1]}; to fail it, raise an exception")


Decision = Union[str, Stop]

__all__ = ["CHECKPOINT", "EVALUATE", "STATUSES", "Decision", "Stop"]
