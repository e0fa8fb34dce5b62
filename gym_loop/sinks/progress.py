"""Sink: the progress display of :mod:`gym_loop.progress` (or any callable taking a Summary)."""

from typing import Any, Callable, Dict, Sequence

from gym_loop.errors import GymLoopError, of_gym_loop
from gym_loop.loops.summary import Summary
from gym_loop.sinks import Sink


class ProgressSink(Sink):
    """Calls ``progress(summary)`` after every episode or group of episodes, and ``progress.close()``, if it has one,
    when the episodes end: a bar (:class:`~gym_loop.progress.Progress`) then shows its last state above the run's
    closing log lines ("trained: ...", "results in ..."). A callable of the user's own (not gym-loop's display)
    that raises fails the run in one line naming it, as a sink of the user's own does."""

    def __init__(self, progress: Callable[[Summary], None], summary: Summary):
        self._progress = progress
        self._summary = summary
        self._users = not of_gym_loop(progress)
        if not self._users and hasattr(progress, "start"):
            progress.start(summary)  # gym-loop's display: a line while a long episode runs, without a terminal

    def episodes(self, first: int, group: Sequence[Any], metrics: Dict[str, float]) -> None:
        try:
            self._progress(self._summary)
        except GymLoopError:
            raise
        except Exception as error:
            if not self._users:
                raise
            raise GymLoopError(f"the progress callable failed after episode {first + len(group) - 1}: "
                               f"{type(error).__name__}: {error}") from error

    def close(self) -> None:
        close = getattr(self._progress, "close", None)
        if close is not None:
            close()
