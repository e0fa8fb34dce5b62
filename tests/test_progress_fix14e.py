"""fix14e: Progress from Python with logging not set up, a notebook's default (tester14e-1): the bar's handler shows
what Python would have shown without it (its last resort: WARNING and above, on stderr)."""

import contextlib
import io
import logging

from gym_loop.loops.summary import Summary
from gym_loop.progress import Progress


@contextlib.contextmanager
def unconfigured():
    """The root logger as a script or a kernel has it: no handler (pytest's own, added for each test phase, taken
    off and put back)."""
    root = logging.getLogger()
    handlers, level = root.handlers, root.level
    root.handlers, root.level = [], logging.WARNING
    try:
        yield
    finally:
        root.handlers, root.level = handlers, level


def test_a_warning_under_the_bar_shows_as_without_it(capsys):
    with unconfigured():
        shown_under_the_bar()
    err = capsys.readouterr().err
    assert "interrupted: finishing this episode\n" in err and "not shown" not in err


def shown_under_the_bar():
    progress = Progress("train", bar=True)
    summary = Summary(4)
    summary.add(1.0, 3)
    progress(summary)
    logging.getLogger("gym_loop.schedule.on_signal").warning("interrupted: finishing this episode")
    logging.getLogger("gym_loop.run").info("not shown without logging set up")
    progress.close()
    assert logging.getLogger().handlers == []  # given back as it was


def test_a_record_a_logger_of_its_own_handles_is_not_shown_twice(capsys):
    own = logging.getLogger("fix14e.own")
    handler = logging.StreamHandler()  # writes to stderr, as lastResort would
    own.addHandler(handler)
    with unconfigured():
        progress = Progress("train", bar=True)
        summary = Summary(4)
        summary.add(1.0, 3)
        progress(summary)
        own.warning("once")
        progress.close()
    own.removeHandler(handler)
    assert capsys.readouterr().err.count("once") == 1


def test_without_logging_set_up_the_lines_are_written_to_the_stream(capsys):
    """tester14e-4: Progress(bar=False) given explicitly (a notebook's) shows its lines, not INFO records to nobody."""
    with unconfigured():
        progress = Progress("train", bar=False, lines=2)
        summary = Summary(4)
        for _ in range(4):
            summary.add(1.0, 3)
            progress(summary)
        progress.close()
    err = capsys.readouterr().err
    assert "train: episode 2/4, 6 steps" in err and "train: episode 4/4, 12 steps" in err


def test_with_logging_set_up_the_lines_are_log_records(caplog, capsys):
    with caplog.at_level(logging.INFO, logger="gym_loop.progress"):
        progress = Progress("train", bar=False, lines=1)
        summary = Summary(1)
        summary.add(1.0, 3)
        progress(summary)
    assert "train: episode 1/1" in caplog.text and "train: episode" not in capsys.readouterr().err


def test_the_bar_is_not_cut_on_a_stream_that_is_no_terminal(monkeypatch):
    """A notebook's stream: no terminal, no COLUMNS; it wraps long lines and understands the carriage return."""
    monkeypatch.delenv("COLUMNS", raising=False)
    progress = Progress("train", bar=True)
    progress.stream = io.StringIO()
    summary = Summary(60000)
    for _ in range(3):
        summary.add(123.5, 3)
    progress(summary)
    progress.close()
    assert "mean return 123.5" in progress.stream.getvalue()
