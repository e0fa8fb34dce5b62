"""Progress of a run on the terminal: a bar when attached to one, a line every N episodes if not."""

import logging
from typing import Any, Optional

import click

from gym_loop.loops.summary import Summary

logger = logging.getLogger(__name__)


class Progress:
    """Called by the loop with its running :class:`Summary` after every episode (or group logged together).

    Args:
        label: What is running, e.g. ``train`` or ``eval``.
        bar: Draw a progress bar (for a terminal); otherwise log a line ``lines`` times per run.
        lines: How many progress lines to log in all without a bar.
    """

    def __init__(self, label: str, bar: bool, lines: int = 10):
        self.label = label
        self.bar = bar
        self.lines = lines
        self._bar: Optional[Any] = None
        self._episodes: Optional[int] = None  # at the last call

    def __call__(self, summary: Summary) -> None:
        if self.bar:
            if self._bar is None:
                self._bar = click.progressbar(length=summary.planned, label=self.label, show_pos=True,
                                              item_show_func=_status, file=click.get_text_stream("stderr"))
                self._bar.__enter__()
            self._bar.update(summary.episodes - self._bar.pos, summary)  # a resumed run starts part-way
            return
        # VectorLoop reports a group of episodes at once: log when a multiple of ``every`` is passed.
        every = max(1, summary.planned // self.lines)
        previous = summary.episodes - 1 if self._episodes is None else self._episodes
        self._episodes = summary.episodes
        if summary.episodes // every > previous // every or summary.episodes == summary.planned:
            logger.info("%s: episode %d/%d, %s", self.label, summary.episodes, summary.planned, _status(summary))

    def close(self) -> None:
        """Finish the bar, if one is drawn."""
        if self._bar is not None:
            self._bar.__exit__(None, None, None)
            self._bar = None


def _status(summary: Optional[Summary]) -> str:
    if summary is None:
        return ""
    return f"{summary.steps} steps, {summary.steps_per_second:.0f} steps/s, mean return {summary.mean_return:.2f}"
