"""Sinks: where a run's episodes and evaluations go (TensorBoard, CSV files, the progress display).

A sink is one class with the methods of :class:`Sink`; docs/loops.rst (Sinks) says when the run calls each.
"""

from typing import Dict, NamedTuple, Optional, Sequence

from gym_loop.loops.base_loop import Episode


class Evaluation(NamedTuple):
    """One periodic evaluation: a row of ``evals.csv``.

    ``episode`` is the number of training episodes done when it ran, ``global_step`` the env steps, ``n`` the
    number of episodes it averaged (None: restored from an older gym-loop's checkpoint, which did not keep it).
    """

    episode: int
    global_step: int
    mean_return: float
    std_return: float
    min_return: float
    max_return: float
    mean_length: float
    n: Optional[int] = None


class Sink:
    """The sink protocol, with methods that do nothing: a sink overrides what it needs."""

    def episodes(self, first: int, group: Sequence[Episode], metrics: Dict[str, float]) -> None:
        """Episodes ``first``, ``first + 1``... have ended; ``metrics`` is the agent's, asked once for the group."""

    def evaluation(self, result: Evaluation) -> None:
        """A periodic evaluation has run."""

    def flush(self) -> None:
        """Put everything received so far on disk (called before every checkpoint)."""

    def summary(self, scores: Dict[str, float]) -> None:
        """Training ended (or stopped) with these final scores."""

    def close(self) -> None:
        """Release files; called however the run ends."""


__all__ = ["Evaluation", "Sink"]
