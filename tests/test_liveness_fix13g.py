"""tester13g-4: a recorded pid now held by another user's process (after a reboot) is not the recorded one."""

import os

from gym_loop import liveness


def _permission_denied(pid, signal):
    raise PermissionError(1, "Operation not permitted")


def test_another_user_s_process_started_at_another_time_is_not_the_recorded_one(monkeypatch):
    monkeypatch.setattr(liveness.os, "kill", _permission_denied)
    start = liveness.process_start(os.getpid())
    assert liveness.process_alive(os.getpid(), started="bogus:1") is (start is None)
    assert liveness.process_alive(os.getpid(), started=start) is True
    assert liveness.process_alive(os.getpid()) is True
