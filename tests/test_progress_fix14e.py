"""fix14e: Progress from Python with logging not set up, a notebook's default (tester14e-1): the bar's handler shows
what Python would have shown without it (its last resort: WARNING and above, on stderr)."""

import contextlib
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
