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
