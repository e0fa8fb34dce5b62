"""A job-wide stop (Slurm, a cgroup kill) reaches a sweep's run twice, directly and through the driver: one stop
(tester13f-1). Ctrl-C twice still stops at once."""

import os
import signal

import pytest

from gym_loop.errors import Terminated
from gym_loop.schedule.on_signal import OnSignal


def test_a_repeated_sigterm_at_once_is_the_same_stop():
    with OnSignal() as on_signal:
        os.kill(os.getpid(), signal.SIGTERM)
        os.kill(os.getpid(), signal.SIGTERM)  # the driver's pass-on, right after the scheduler's own
        os.kill(os.getpid(), signal.SIGHUP)
    assert on_signal.received == signal.SIGTERM


def test_a_second_sigterm_later_stops_at_once(monkeypatch):
    monkeypatch.setattr("gym_loop.errors.SAME_STOP_SECONDS", 0.0)
    with pytest.raises(Terminated), OnSignal():
        os.kill(os.getpid(), signal.SIGTERM)
        os.kill(os.getpid(), signal.SIGTERM)


def test_ctrl_c_twice_stops_at_once():
    with pytest.raises(KeyboardInterrupt), OnSignal():
        os.kill(os.getpid(), signal.SIGINT)
        os.kill(os.getpid(), signal.SIGINT)
