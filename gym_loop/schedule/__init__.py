"""The schedule of a run: small rule objects asked after every episode and every periodic evaluation.

A rule has one job. It may define either hook or both:

- ``after_episode(progress) -> Optional[Decision]``: asked after every training episode with the
  run's :class:`~gym_loop.loops.summary.Summary` (``episodes``, ``global_step``, recent returns).
- ``after_evaluation(episode, global_step, mean_return) -> Optional[Stop]``: asked after every
  periodic evaluation (the seam of ``train_agent(..., extra_rules=...)``).

A decision is :data:`EVALUATE`, :data:`CHECKPOINT` or a :class:`Stop`. The first ``Stop`` ends
the run after a checkpoint; ``run.json`` gets its status and reason.
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
