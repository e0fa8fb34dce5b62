"""fix12d1: the bar on a terminal that says it has 0 columns (tester12d-6); an agent's print() on the bar's terminal
goes above the bar, as a log line does (tester12d-14)."""

import io
import os
import sys

from gym_loop import progress as progress_module
from gym_loop.loops.summary import Summary
from gym_loop.progress import Progress
from test_progress import screen


class Terminal(io.StringIO):
    def isatty(self):
        return True


def test_a_terminal_of_0_columns_is_taken_as_unknown(monkeypatch):
    monkeypatch.setattr(progress_module.os, "get_terminal_size", lambda *fd: os.terminal_size((0, 0)))
    monkeypatch.setenv("COLUMNS", "60")
    assert progress_module._columns(sys.stderr) == 60
    monkeypatch.delenv("COLUMNS")
    assert progress_module._columns(sys.stderr) == 80  # shutil's fallback: the other fds say 0 too


def test_an_agents_print_goes_above_the_bar(monkeypatch):
    monkeypatch.setattr(progress_module, "REDRAW_SECONDS", 0)
    terminal = Terminal()
    progress = Progress("train", bar=True)
    progress.stream = terminal
    monkeypatch.setattr(sys, "stdout", stdout := Terminal())  # stdout on the same terminal, another stream
    stdout.write = terminal.write  # type: ignore[method-assign]
    summary = Summary(10)
    for episode in range(5):
        summary.add(1.0, 10)
        progress(summary)
        print(f"agent says: episode {episode}", end="")
        print()
    wrapped = sys.stdout
    progress.close()
    lines = screen(terminal.getvalue())
    assert lines[:5] == [f"agent says: episode {episode}" for episode in range(5)], lines
    assert lines[5].startswith("train [") and "episode 5/10" in lines[5], lines
    assert len(lines) == 6 and wrapped is not stdout and sys.stdout is stdout


def test_without_a_terminal_a_long_episode_gets_a_line_while_it_runs():  # tester12d-16
    import logging
    import threading

    lines, logged = [], threading.Event()

    class Catch(logging.Handler):
        def emit(self, record):
            lines.append(record.getMessage())
            logged.set()

    logger = logging.getLogger("gym_loop.progress")
    catch, level = Catch(), logger.level
    logger.addHandler(catch)
    logger.setLevel(logging.INFO)
    progress, summary = Progress("train", bar=False, interval=0.01), Summary(10)
    try:
        progress.start(summary)  # the run's episodes begin; none ends
        assert logged.wait(10)
        progress.close()
        for thread in threading.enumerate():
            if thread.name == "progress":
                thread.join(10)
    finally:
        logger.removeHandler(catch)
        logger.setLevel(level)
    assert lines[0] == "train: still running, 0:00:00 since the start", lines
    assert not any(thread.name == "progress" for thread in threading.enumerate())
    bar = Progress("train", bar=True)
    bar.start(summary)
    assert bar._ticking is None  # a bar shows the run is alive by itself
