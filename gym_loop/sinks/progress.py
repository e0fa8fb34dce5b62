"""Sink: the progress display of :mod:`gym_loop.progress` (or any callable taking a Summary)."""

from typing import Any, Callable, Dict, Sequence

from gym_loop.loops.summary import Summary
from gym_loop.sinks import Sink


class ProgressSink(Sink):
    """Calls ``progress(summary)`` after every episode or group of episodes."""

    def __init__(self, progress: Callable[[Summary], None], summary: Summary):
        self._progress = progress
        self._summary = summary

    def episodes(self, first: int, group: Sequence[Any], metrics: Dict[str, float]) -> None:
        self._progress(self._summary)
