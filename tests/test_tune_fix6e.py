"""gym-loop tune after the defects new users met (tester6b): a run stopped on its own is a failed trial."""

import os
import re
import signal
import subprocess
import time
from pathlib import Path

import pytest
import yaml

from conftest import GYM_LOOP, make_spec, write_spec

optuna = pytest.importorskip("optuna")


def children(pid: int) -> list:
    """The pids of the processes whose parent is ``pid`` (from /proc)."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue
        if int(fields[1]) == pid:
            found.append(int(stat.parent.name))
    return found


@pytest.mark.slow
def test_sigterm_to_one_run_fails_its_trial_and_the_worker_goes_on(tmp_path):
    """With --jobs 1 a SIGTERM to a trial's train process (an out-of-memory handler, kill PID) stopped the study."""
    spec = make_spec("FrozenLake-v1", "gym_loop.agents.q_learning:QLearningAgent", max_episodes=600,
                     episodes_per_eval=100, eval_episodes=1, max_episode_len=100)
    write_spec(tmp_path / "lake.yaml", spec)
    (tmp_path / "space.yaml").write_text(yaml.safe_dump({"agent.parameters.learning_rate": {"float": [0.1, 0.9]}}))
    driver = subprocess.Popen([GYM_LOOP, "tune", "-c", "lake.yaml", "--space", "space.yaml", "--trials", "2",
                               "--seeds", "0", "--jobs", "1", "--pruner", "none"], cwd=tmp_path,
                              start_new_session=True, stderr=subprocess.PIPE, text=True)
    run = tmp_path / "tunes" / "lake" / "trials" / "0" / "seed-0"
    deadline = time.time() + 120
    while not (run / "episodes.csv").exists() and time.time() < deadline:
        time.sleep(0.05)
    (train,) = [pid for worker in children(driver.pid) for pid in children(worker)]
    os.kill(train, signal.SIGTERM)  # the run alone: not its worker, not gym-loop tune
    _, stderr = driver.communicate(timeout=240)
    assert driver.returncode == 0, stderr
    assert re.search(rf"^WARNING: worker 0: trial 0 fail: run {re.escape(str(run))} was stopped by SIGTERM sent to it "
                     rf"alone \(exit 143\): Error: terminated after \d+ episodes of 600.* \(log: "
                     rf"{re.escape(str(run))}\.log\)$", stderr, re.MULTILINE), stderr
    assert "worker 0 was stopped" not in stderr
    from optuna.storages import JournalStorage
    from optuna.storages.journal import JournalFileBackend

    storage = JournalStorage(JournalFileBackend(str(tmp_path / "tunes" / "lake" / "journal.log")))
    trials = optuna.load_study(study_name="lake", storage=storage).trials
    assert [trial.state.name for trial in trials] == ["FAIL", "COMPLETE", "COMPLETE"]
