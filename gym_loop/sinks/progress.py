"""Sink: the progress display of :mod:`gym_loop.progress` (or any callable taking a Summary)."""

from typing import Any, Callable, Dict, Sequence

from gym_loop.loops.summary import Summary
from gym_loop.sinks import Sink


class ProgressSink(Sink):
    """Calls ``progress(summary)`` after every episode or group of episodes, and ``progress.close()``, if it has one,
    when the episodes end: a bar (:class:`~gym_loop.progress.Progress`) then shows its last state above the run's
    closing log lines ("trained: ...", "results in ...")."""

    def __init__(self, progress: Callable[[Summary], None], summary: Summary):
        self._progress = progress
        self._summary = summary

    def episodes(self, first: int, group: Sequence[Any], metrics: Dict[str, float]) -> None:
        self._progress(self._summary)

    def close(self) -> None:
        close = getattr(self._progress, "close", None)
        if close is not None:
            close()
