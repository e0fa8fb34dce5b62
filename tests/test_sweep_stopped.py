"""A sweep stopped before any run of a config ended says why the config has no score, and how to continue."""

import signal
import subprocess

from conftest import GYM_LOOP, run_cli
from test_sweep import _wait_for, frozen_lake


def test_a_sweep_stopped_before_any_run_ended_says_its_runs_were_stopped_and_how_to_continue(tmp_path):
    spec = frozen_lake(tmp_path, max_episodes=100000, episodes_per_eval=1000, episodes_per_checkpoint=200)
    driver = subprocess.Popen([GYM_LOOP, "sweep", "-c", spec, "--seeds", "0-1", "--jobs", "1"], cwd=tmp_path,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    _wait_for(lambda: (tmp_path / "sweeps/fl/runs/base/seed-0/checkpoints/latest").exists())
    driver.send_signal(signal.SIGTERM)
    _, stderr = driver.communicate(timeout=120)
    assert driver.returncode == 143, stderr
    why = ("WARNING: base: no scored run yet: its 2 run(s) have not reached their end (1 interrupted, 1 not started); "
           "continue the sweep to train and score them: gym-loop sweep sweeps/fl")
    assert why in stderr.splitlines()
    assert "WARNING: base: no scored run\n" not in stderr
    aggregate = run_cli("aggregate", "sweeps/fl", cwd=tmp_path)
    assert aggregate.returncode == 0, aggregate.stderr
    assert why in aggregate.stderr.splitlines()
