"""Rule: a periodic evaluation every N training episodes."""

from gym_loop.schedule import EVALUATE
from gym_loop.schedule.checkpoint_every import CheckpointEvery


class EvaluateEvery(CheckpointEvery):
    """Evaluate after every ``episodes`` training episodes (loop parameter ``episodes_per_eval``): the same
    count as :class:`CheckpointEvery`, another decision."""

    DECISION = EVALUATE
