"""A run folder without .lock whose mtime is in the future (a zip made in a time zone ahead, a sender's clock
ahead) is not 'a run starting up' for ever (tester14d-9)."""

import os
import time

from gym_loop.sweeps.runinfo import busy


def test_a_future_mtime_is_not_recent(tmp_path):
    run = tmp_path / "seed-0"
    run.mkdir()
    assert busy(run, set())  # just made, no .lock yet: a run starting
    ahead = time.time() + 7200
    os.utime(run, (ahead, ahead))
    assert not busy(run, set())
