"""A tune continued on another host (the folder copied, a Slurm job requeued on another node): a trial left RUNNING
by a worker of another host whose runs are not running is marked FAIL and replaced; one whose run is still in use
there is named with its host, not passed over (tester14d-4)."""

import fcntl
import json
import os
import shutil
import time

import pytest

from conftest import run_cli

optuna = pytest.importorskip("optuna")

SPEC = ("agent: {class: gym_loop.agents.q_learning:QLearningAgent}\nenv: {name: FrozenLake-v1}\n"
        "loop: {parameters: {max_episodes: 4, episodes_per_eval: 4, eval_episodes: 2, reward_threshold: null}}\n")
ARGS = ["tune", "-c", "lake.yaml", "--space", "space.yaml", "--seeds", "0"]


def left_running(tune, pid, run_from=None):
    """A trial RUNNING in the study, claimed by worker ``pid`` on host gpu-3; its run folder a copy of ``run_from``
    recorded running (its process gone with the worker) if given."""
    study = optuna.load_study(study_name="lake", storage=optuna.storages.JournalStorage(
        optuna.storages.journal.JournalFileBackend(str(tune / "journal.log"))))
    trial = study.ask()
    trial.set_user_attr("worker", {"host": "gpu-3", "pid": pid, "sampler_seed": 0, "started": 1})
    if run_from is not None:
        run = tune / "trials" / str(trial.number) / "seed-0"
        shutil.copytree(run_from, run)
        record = json.loads((run / "run.json").read_text())
        (run / "run.json").write_text(json.dumps({**record, "status": "running"}))
        os.utime(run, (time.time() - 60, time.time() - 60))  # not a run just made
        return trial.number, run
    return trial.number, None


@pytest.fixture
def tuned(tmp_path):
    (tmp_path / "lake.yaml").write_text(SPEC)
    (tmp_path / "space.yaml").write_text("agent.parameters.learning_rate: {float: [0.01, 1.0], log: true}\n")
    done = run_cli("-q", *ARGS, "--trials", "1", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    return tmp_path / "tunes" / "lake"


def test_trials_of_a_gone_worker_on_another_host_are_marked_fail_and_replaced(tuned):
    died, _ = left_running(tuned, 15389, tuned / "trials" / "0" / "seed-0")
    never, _ = left_running(tuned, 15390)  # killed before its run began
    result = run_cli(*ARGS, "--trials", "3", cwd=tuned.parent.parent)
    assert result.returncode == 0, result.stderr
    assert (f"marked FAIL trials {died}, {never}, left RUNNING by workers on gpu-3 (pid 15389, 15390) whose runs are "
            "not running (the tune folder was copied, or its job moved to another node); they do not count") \
        in result.stderr, result.stderr
    assert "3 complete" in result.stdout and "2 fail" in result.stdout, result.stdout


def test_a_trial_whose_run_is_in_use_on_another_host_is_named(tuned):
    number, run = left_running(tuned, 15389, tuned / "trials" / "0" / "seed-0")
    with open(run / ".lock", "a") as lock:  # its run's process, on gpu-3, holds the lock (a shared file system)
        fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        result = run_cli(*ARGS, "--trials", "2", cwd=tuned.parent.parent)
    assert result.returncode == 0, result.stderr
    assert (f"trial {number} runs in a worker on gpu-3 (pid 15389), which this host cannot check, and its run "
            f"{run} is in use; it counts once it ends there: then re-run the same command") in result.stderr, \
        result.stderr
    assert "1 running" in result.stdout, result.stdout
