"""Progress of a run on the terminal: a bar when attached to one, a line now and then if not (docs/quickstart.rst)."""

import contextlib
import logging
import os
import shutil
import sys
import threading
import time
import weakref
from typing import IO, Any, Optional, Tuple

from gym_loop.numeric import show

logger = logging.getLogger(__name__)

BAR_WIDTH = 20
REDRAW_SECONDS = 0.1  # at most ten redraws a second: a fast loop calls progress thousands of times a second
CLEAR_LINE = "\r\x1b[K"


class Progress:
    """Called with the running :class:`~gym_loop.loops.summary.Summary` after every episode (or batch of them).

    Args:
        label: What is running, e.g. ``train`` or ``eval``.
        bar: Draw a bar (for a terminal; on a stream that is none, a notebook's, not cut to a width), with log
            records drawn above it (with logging not set up, those Python shows then: WARNING and above); else log
            (with logging not set up, write to ``stream``) ``lines`` lines
            per run, at equal fractions of it, and at least one every ``interval`` seconds (from :meth:`start`
            on, also while an episode runs).
        lines: How many progress lines to log in all without a bar.
        max_steps: The run's limit of env steps, if any; progress follows the limit nearer to its end.
        interval: Without a bar, seconds between lines at the most.
    """

    def __init__(self, label: str, bar: bool, lines: int = 10, max_steps: Optional[int] = None,
                 interval: float = 30.0):
        self.label = label
        self.bar = bar
        self.lines = lines
        self.max_steps = max_steps
        self.interval = interval
        self.stream = sys.stderr  # where the bar is drawn
        self._start: Optional[Tuple[float, int, int]] = None  # (time, episodes, steps) at the first call
        self._index = 0  # of the last progress line logged: how many ``1 / lines`` of the run were done
        self._last_line = 0.0
        self._last_draw = -float("inf")
        self._line = ""  # the bar as last drawn
        self._shown = False  # whether the bar is on the terminal's last line now
        self._summary: Any = None  # the running summary the bar shows (redrawn from it: draws in between are skipped)
        self._handler: Optional[_AboveBar] = None
        self._ticking: Optional[threading.Event] = None  # set to stop the thread of :meth:`start`
        self._last_episode = 0.0  # when the last call came (or start)

    def start(self, summary: Any) -> None:
        """The run's episodes begin (:class:`~gym_loop.sinks.progress.ProgressSink` calls this): without a bar, a
        thread logs ``still running`` when ``interval`` seconds pass without a line, as during a long episode,
        until :meth:`close`."""
        if self.bar or self._ticking is not None:
            return
        self._last_line = self._last_episode = time.monotonic()
        self._ticking = threading.Event()
        threading.Thread(target=_tick, args=(weakref.ref(self), self._ticking, summary), name="progress",
                         daemon=True).start()

    def __call__(self, summary: Any) -> None:
        now, measure = time.monotonic(), self._measure(summary)
        self._last_episode = now
        done, total, _ = measure
        if self._start is None:
            self._start = (now, summary.episodes, summary.env_steps)
            self._last_line = now
            self._index = max(done - 1, 0) * self.lines // total if total else 0
        if self.bar:
            self._draw(summary, measure, now)
        else:
            self._log(summary, measure, now)

    def close(self) -> None:
        """Leave the bar's last state on its own line and give log records back to their handlers; called when the
        run's episodes end (:class:`~gym_loop.sinks.progress.ProgressSink`), so the run's closing lines print below
        it. Called again, the progress starts over."""
        if self._handler is not None:
            with self._handler.lock:  # not inside a log line the checkpoint writer's thread is printing
                if self._line:
                    self.redraw()
                    self.stream.write("\n")
                    self.stream.flush()
                    self._line = ""
            self._handler.uninstall()
            self._handler = None
        if self._ticking is not None:
            self._ticking.set()
            self._ticking = None
        self._start, self._summary = None, None

    def clear(self) -> None:
        """Remove the bar from the terminal's last line (before something else is written there)."""
        if self._line and self._shown:
            self.stream.write(CLEAR_LINE)
            self._shown = False

    def redraw(self) -> None:
        """Draw the bar again, with the count as it is now: the draws of the last :data:`REDRAW_SECONDS` were
        skipped (the checkpoint writer's thread calls this too: a summary read while an episode is added may
        be one episode behind, or fail where a deque changes under it, and then the bar stays as drawn)."""
        if self._line:
            with contextlib.suppress(RuntimeError):
                self._line = self._render(self._summary, time.monotonic())
            self._write()

    def _write(self) -> None:
        self.stream.write(CLEAR_LINE + self._line)
        self.stream.flush()
        self._shown = True

    def _measure(self, summary: Any) -> Tuple[int, int, str]:
        """(done, total, unit) of the limit nearer to its end: episodes, or env steps with ``max_steps``."""
        episodes = (summary.episodes, summary.planned, "episode")
        if not self.max_steps:
            return episodes
        if summary.planned is None:  # no episode limit: max_steps is the budget
            return summary.env_steps, self.max_steps, "step"
        steps = (summary.env_steps, self.max_steps, "step")
        return steps if steps[0] * episodes[1] > episodes[0] * steps[1] else episodes

    def _status(self, summary: Any, measure: Tuple[int, int, str], now: float) -> str:
        done, total, unit = measure
        if unit == "step":
            status = f"step {done}/{total} (episode {summary.episodes})"
        else:
            status = f"episode {done}/{total}, {summary.env_steps} steps"
        status += f", {summary.steps_per_second:.0f} steps/s, mean return {show(summary.mean_return)}"
        started, episodes, steps = self._start
        ran = done - (steps if unit == "step" else episodes)  # by this process: the time left is right after a resume
        if done < total and ran > 0 and now > started:
            status += f", {_clock((total - done) * (now - started) / ran)} left"
        return status

    def _log(self, summary: Any, measure: Tuple[int, int, str], now: float) -> None:
        """Log a line when another ``1 / lines`` of the run is done, ``interval`` seconds passed, or it ends."""
        done, total, _ = measure
        index = done * self.lines // total if total else 0
        if index > self._index or done >= total or now - self._last_line >= self.interval:
            self._index, self._last_line = index, now
            self.say(f"{self.label}: {self._status(summary, measure, now)}")

    def say(self, line: str) -> None:
        """Log a progress line at INFO; with logging not set up (no handler: a notebook's, a script's), which would
        drop it, write it to :attr:`stream`."""
        if logger.hasHandlers():
            logger.info("%s", line)
        else:
            self.stream.write(line + "\n")
            self.stream.flush()

    def _draw(self, summary: Any, measure: Tuple[int, int, str], now: float) -> None:
        done, total, _ = measure
        if now - self._last_draw < REDRAW_SECONDS and done < total:
            return
        self._last_draw = now
        if self._handler is None:
            self._handler = _AboveBar(self)
        with self._handler.lock:  # not between a log line's clear and redraw (the checkpoint writer's thread logs)
            self._summary = summary
            self._line = self._render(summary, now)
            self._write()

    def _render(self, summary: Any, now: float) -> str:
        """The bar for ``summary``."""
        measure = self._measure(summary)
        done, total, _ = measure
        filled = min(BAR_WIDTH, BAR_WIDTH * done // total) if total else 0
        line = f"{self.label} [{'#' * filled}{'-' * (BAR_WIDTH - filled)}] {self._status(summary, measure, now)}"
        # on a terminal, a line that wraps could not be cleared; a notebook's stream wraps it and clears it whole
        return line[:_columns(self.stream) - 1] if _is_terminal(self.stream) else line


def _tick(owner: "weakref.ref[Progress]", stopped: threading.Event, summary: Any) -> None:
    """The thread of :meth:`Progress.start`: a line when the progress logged none for its ``interval``, until it
    is closed (or dropped unclosed)."""
    seconds = 0.0
    while not stopped.wait(seconds):
        progress = owner()
        if progress is None:
            return
        now = time.monotonic()
        if now - progress._last_line >= progress.interval:
            progress._last_line = now
            since = "the start" if progress._start is None else f"episode {summary.episodes} ended"
            progress.say(f"{progress.label}: still running, {_clock(now - progress._last_episode)} since {since}")
        seconds = progress._last_line + progress.interval - now
        del progress


class _AboveBar(logging.Handler):
    """Takes the place of the root logger's handlers that write to the bar's stream: clear, write, redraw."""

    def __init__(self, progress: Progress):
        super().__init__()
        self.progress = progress
        root = logging.getLogger()
        self.handlers = [handler for handler in root.handlers if _same_stream(handler, progress.stream)]
        # No handler at all (logging not set up: a notebook's, a script's): Python's last resort, which this handler
        # turns off, shows what it would have (WARNING and above, on stderr)
        self.resort = [logging.lastResort] if not root.handlers and logging.lastResort is not None else []
        for handler in self.handlers:
            root.removeHandler(handler)
        root.addHandler(self)
        self.stdout = sys.stdout  # an agent's print() on the same terminal goes above the bar too
        if _is_terminal(sys.stdout) and sys.stdout is not progress.stream:
            sys.stdout = _OutAboveBar(self, sys.stdout)  # type: ignore[assignment]

    def uninstall(self) -> None:
        """Give the root logger its handlers and ``sys.stdout`` its stream back."""
        root = logging.getLogger()
        root.removeHandler(self)
        for handler in self.handlers:
            root.addHandler(handler)
        if isinstance(sys.stdout, _OutAboveBar) and sys.stdout.above is self:
            sys.stdout = self.stdout

    def emit(self, record: logging.LogRecord) -> None:
        self.progress.clear()
        for handler in self.handlers or (self.resort if not _handled_below(record) else []):
            if record.levelno >= handler.level:
                handler.handle(record)
        self.progress.redraw()


def _handled_below(record: logging.LogRecord) -> bool:
    """Whether a logger below the root one (the record's own or a parent) has a handler: Python then uses no last
    resort."""
    logger: Any = logging.getLogger(record.name)
    while logger is not None and logger is not logging.getLogger():
        if logger.handlers:
            return True
        logger = logger.parent
    return False


class _OutAboveBar:
    """``sys.stdout`` while the bar is shown on the same terminal: the bar is cleared before a write and drawn
    again below a line that ends, as for a log record."""

    def __init__(self, above: _AboveBar, stream: IO[str]):
        self.above = above
        self.stream = stream

    def write(self, text: str) -> int:
        with self.above.lock:
            self.above.progress.clear()
            written = self.stream.write(text)
            if text.endswith("\n"):
                self.stream.flush()
                self.above.progress.redraw()
            return written

    def __getattr__(self, name: str) -> Any:
        return getattr(self.stream, name)


def _is_terminal(stream: Any) -> bool:
    try:
        return bool(stream.isatty())
    except (AttributeError, OSError, ValueError):  # None (pythonw), or closed
        return False


def _same_stream(handler: logging.Handler, stream: IO[str]) -> bool:
    """Whether ``handler`` writes to ``stream`` (or to the same file descriptor)."""
    try:
        return isinstance(handler, logging.StreamHandler) and (
            handler.stream is stream or handler.stream.fileno() == stream.fileno())
    except (AttributeError, OSError, ValueError):  # no stream, or one without a file descriptor
        return False


def _columns(stream: IO[str]) -> int:
    """The width of ``stream``'s terminal; one that says 0 (a pty nobody sized) as unknown: COLUMNS, else 80."""
    try:
        columns = os.get_terminal_size(stream.fileno()).columns
    except (AttributeError, OSError, ValueError):
        columns = 0
    return columns or shutil.get_terminal_size().columns


def _clock(seconds: float) -> str:
    """``1:02:03`` for 3723 seconds."""
    seconds = int(round(seconds))
    return f"{seconds // 3600}:{seconds % 3600 // 60:02d}:{seconds % 60:02d}"
