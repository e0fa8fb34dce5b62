"""fix14g: a job-wide stop (SIGTERM, then SIGHUP, as Slurm and systemd send) ends a run with exit 143 however the
two are spaced (tester14g-8): the run's first SIGTERM or SIGHUP is the process's first stop, which the command's own
handler then knows, and a command ending with 143 ignores the rest of the stop (also during interpreter exit, when
Python's handlers are gone)."""

import signal

import click
import pytest

from gym_loop import errors
from gym_loop.cli import run_domain
from gym_loop.errors import RunStopped, terminate
from gym_loop.schedule.on_signal import OnSignal


@pytest.fixture
def handlers(monkeypatch):
    monkeypatch.setattr(errors, "_first_stop", None)
    kept = {number: signal.getsignal(number) for number in errors.TERMINATING}
    yield
    for number, handler in kept.items():
        signal.signal(number, handler)


def test_the_command_knows_the_runs_first_stop(handlers):
    errors.handle_termination()
    with OnSignal() as on_signal:
        signal.raise_signal(signal.SIGTERM)
    assert on_signal.received == signal.SIGTERM
    try:
        terminate(signal.SIGHUP, None)  # the same stop: no Terminated
    except errors.Terminated:
        pytest.fail("the run's SIGTERM was not the command's first stop")


def test_a_command_ending_with_143_ignores_the_rest_of_the_stop(handlers):
    def stopped():
        raise RunStopped("terminated after 3 episodes", terminated=True)

    errors.handle_termination()
    with pytest.raises(click.ClickException) as raised:
        run_domain(click.Context(click.Command("train")), stopped)
    assert raised.value.exit_code == 143
    # left15b: a repeat of the same stop is ignored (a later signal ends at once: tests/test_signals_end_left15b.py)
    assert [signal.getsignal(number) for number in errors.TERMINATING] == [errors._end_at_once] * 2
    errors.first_stop(signal.SIGTERM, errors.time.monotonic())
    errors._end_at_once(signal.SIGHUP, None)
    errors._ignore_at_exit()  # and, once the exit hooks ran, ignored as Python's handlers go
    assert [signal.getsignal(number) for number in errors.TERMINATING] == [signal.SIG_IGN] * 2
