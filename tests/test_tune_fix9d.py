"""tester9d: a continued tune keeps its storage, a float range on an integer key, a killed driver's live workers,
and the space's messages."""

import contextlib
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from conftest import make_spec, run_cli, write_spec

optuna = pytest.importorskip("optuna")

QLEARNING = "gym_loop.agents.q_learning:QLearningAgent"
SPACE = "agent.parameters.learning_rate: {float: [0.01, 1.0], log: true}\n"


def lake(tmp_path: Path, **loop_parameters) -> Path:
    spec = make_spec("FrozenLake-v1", QLEARNING, max_episodes=20, episodes_per_eval=10, eval_episodes=1,
                     max_episode_len=20)
    spec["loop"]["parameters"].update(loop_parameters)
    return write_spec(tmp_path / "lake.yaml", spec)


def tune(tmp_path: Path, *args, cwd: Path = None, space: str = SPACE):
    (tmp_path / "space.yaml").write_text(space)
    return run_cli("tune", "-c", lake(tmp_path), "--space", tmp_path / "space.yaml", "--name", "st", "--seeds", 0,
                   "--tunes-dir", tmp_path / "tunes", *args, cwd=cwd or tmp_path)


def trials_csv(tmp_path: Path) -> list:
    return (tmp_path / "tunes" / "st" / "trials.csv").read_text().splitlines()[1:]


def errors(result) -> list:
    return [line for line in result.stderr.splitlines() if not line.startswith(("INFO: ", "WARNING: "))]


# tester9d-7: a continued tune uses the storage its tune.json records
def test_another_storage_is_refused_and_leaving_it_out_continues_the_study(tmp_path):
    first = tune(tmp_path, "--trials", 1, "--storage", "a.log")
    assert first.returncode == 0, first.stderr
    spec_before = (tmp_path / "tunes" / "st" / "trials" / "0" / "spec.yaml").read_text()
    other = tune(tmp_path, "--trials", 2, "--storage", "b.log")
    assert other.returncode == 2, other.stderr
    assert errors(other) == [f"Error: --storage: this tune's study is in {tmp_path / 'a.log'}, not "
                             f"{tmp_path / 'b.log'}; leave --storage out to continue it, or give a new --name for a "
                             "new tune"]
    assert not (tmp_path / "b.log").exists()
    assert json.loads((tmp_path / "tunes" / "st" / "tune.json").read_text())["storage"] == str(tmp_path / "a.log")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    moved = tune(tmp_path, "--trials", 2, "--storage", "a.log", cwd=elsewhere)  # relative to another directory
    assert moved.returncode == 2 and "this tune's study is in" in moved.stderr
    assert not (elsewhere / "a.log").exists()
    again = tune(tmp_path, "--trials", 2)
    assert again.returncode == 0, again.stderr
    assert [row.split(",")[:2] for row in trials_csv(tmp_path)] == [["0", "COMPLETE"], ["1", "COMPLETE"]]
    assert (tmp_path / "tunes" / "st" / "trials" / "0" / "spec.yaml").read_text() == spec_before
    assert not (tmp_path / "tunes" / "st" / "journal.log").exists()


def test_a_lost_journal_is_refused(tmp_path):
    assert tune(tmp_path, "--trials", 1).returncode == 0
    journal = tmp_path / "tunes" / "st" / "journal.log"
    journal.rename(tmp_path / "kept.log")
    spec_before = (tmp_path / "tunes" / "st" / "trials" / "0" / "spec.yaml").read_text()
    result = tune(tmp_path, "--trials", 2)
    assert result.returncode == 2, result.stderr
    assert errors(result) == [f"Error: --storage: this tune's study 'st' is not in {journal} (no such file), where "
                              "its trials ran; restore it, or give a new --name for a new tune"]
    assert not journal.exists()
    assert (tmp_path / "tunes" / "st" / "trials" / "0" / "spec.yaml").read_text() == spec_before


def _wait_for(condition, seconds=120.0):
    import time

    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.1)


# tester9d-2: tune's Ray backend is the sweep's: a local Ray unless --address, whatever RAY_ADDRESS says
def test_ray_tune_without_address_starts_a_local_ray(tmp_path, monkeypatch):
    pytest.importorskip("ray")
    from gym_loop.sweeps import ray as ray_backend
    from gym_loop.tuning.driver import _run_ray
    from gym_loop.tuning.folder import TuneFolder

    asked = []

    def init_ray(ray, address, **options):
        asked.append(address)
        raise KeyboardInterrupt()

    monkeypatch.setenv("RAY_ADDRESS", "127.0.0.1:9")
    monkeypatch.setattr(ray_backend, "init_ray", init_ray)
    with pytest.raises(KeyboardInterrupt):
        _run_ray(TuneFolder(tmp_path), {"quiet": True}, 1, None, None, 1)
    with pytest.raises(KeyboardInterrupt):
        _run_ray(TuneFolder(tmp_path), {"quiet": True}, 1, "10.0.0.1:6379", None, 1)
    assert asked == ["local", "10.0.0.1:6379"]


# tester9d-4: a stop reaches the runs of Ray workers as a sweep's (the stop file): they checkpoint and stop
@pytest.mark.slow
def test_sigterm_stops_the_runs_of_ray_workers(tmp_path, ray_address):
    import signal

    from conftest import GYM_LOOP

    (tmp_path / "space.yaml").write_text(SPACE)
    spec = lake(tmp_path, max_episodes=40000, episodes_per_eval=20000, episodes_per_checkpoint=200)
    args = ["tune", "-c", str(spec), "--space", "space.yaml", "--name", "st", "--seeds", "0", "--trials", "2",
            "--backend", "ray", "--address", ray_address]
    driver = subprocess.Popen([GYM_LOOP, *args], cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                              text=True)
    run = tmp_path / "tunes" / "st" / "trials" / "0" / "seed-0"
    _wait_for(lambda: (run / "checkpoints" / "latest").exists())
    driver.send_signal(signal.SIGTERM)
    _, stderr = driver.communicate(timeout=120)
    assert driver.returncode == 143, stderr
    assert json.loads((run / "run.json").read_text())["status"] == "interrupted", stderr
    assert "stopping: passing SIGTERM on to 1 running run(s)" in stderr
    assert not (tmp_path / "tunes" / "st" / ".stop").exists()
    assert (tmp_path / "tunes" / "st" / "trials.csv").read_text().splitlines()[1].startswith("0,FAIL,")


# tester9d-5: a re-run while a killed driver's worker still runs its trial
def test_a_rerun_while_a_killed_drivers_worker_runs_says_so_and_exits_1(tmp_path):
    import signal

    from conftest import GYM_LOOP

    (tmp_path / "space.yaml").write_text(SPACE)
    spec = lake(tmp_path, max_episodes=40000, episodes_per_eval=20000)
    args = ["tune", "-c", str(spec), "--space", "space.yaml", "--name", "st", "--seeds", "0", "--trials", "2"]
    driver = subprocess.Popen([GYM_LOOP, *args], cwd=tmp_path, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    run = tmp_path / "tunes" / "st" / "trials" / "0" / "seed-0"
    try:
        _wait_for(lambda: (run / "episodes.csv").exists())
        driver.kill()
        driver.wait()
        result = run_cli(*args, cwd=tmp_path)
    finally:
        for pid in _workers(tmp_path / "tunes" / "st"):
            with contextlib.suppress(ProcessLookupError):
                os.killpg(pid, signal.SIGKILL)  # the worker and its run (a session of their own)
    assert result.returncode == 1, result.stderr
    assert "INFO: trial(s) 0 still run in 1 worker(s) of an earlier gym-loop tune (killed); they count against " \
           "--jobs 1" in result.stderr
    [line] = errors(result)
    assert line.startswith("Error: trial(s) 0 still run in the worker(s) of an earlier gym-loop tune (killed), "
                           "pid(s) ") and line.endswith("; when they end, re-run the same command to count them in "
                                                        "trials.csv and best.yaml"), line
    assert not (tmp_path / "tunes" / "st" / "trials" / "1").exists()


def _workers(tune: Path) -> list:
    """The pids of the tune's worker processes (its journal's RUNNING trials' workers)."""
    from optuna.storages import JournalStorage
    from optuna.storages.journal import JournalFileBackend

    study = optuna.load_study(study_name=tune.name, storage=JournalStorage(JournalFileBackend(str(tune / "journal.log"))))
    return [trial.user_attrs["worker"]["pid"] for trial in study.get_trials(states=(optuna.trial.TrialState.RUNNING,))]


# tester9d-6: a float range on an integer parameter is refused before anything is made
@pytest.mark.parametrize("entry, value", [("{float: [1000, 2000]}", "1500.5"),
                                          ("{float: [1000, 2000], step: 0.5}", "1000.5")])
def test_a_float_range_on_an_integer_parameter_is_refused(tmp_path, entry, value):
    result = tune(tmp_path, "--trials", 1, space=f"agent.parameters.epsilon_decay_steps: {entry}\n")
    assert result.returncode == 2
    assert errors(result) == [f"Error: space.agent.parameters.epsilon_decay_steps: a float range draws values such as "
                              f"{value}, which the spec refuses there (expected a non-negative integer, got {value}); "
                              "use {int: [1000, 2000]}"]
    assert not (tmp_path / "tunes").exists()


# tester9d-1: a space key through a number: one prefix, and the fix
def test_a_space_key_through_a_number_says_its_key_once_and_the_fix(tmp_path):
    result = tune(tmp_path, "--trials", 1, space="agent.parameters.discount.x: {float: [0.1, 1.0]}\n")
    assert result.returncode == 2
    assert errors(result) == ["Error: space.agent.parameters.discount.x: agent.parameters.discount is 0.99 in the spec, "
                              "not a mapping, so no key can be set in it; give a key the spec has, e.g. "
                              "space.agent.parameters.discount to tune it"]


# tester9d-9: the re-evaluation command scores the end of training, as the tune did, and works
def test_the_reevaluation_command_of_a_tune_that_evaluated_after_the_last_episode_works(tmp_path):
    import shlex

    (tmp_path / "space.yaml").write_text(SPACE)
    spec = lake(tmp_path, max_episodes=5, episodes_per_eval=10)
    result = run_cli("tune", "-c", spec, "--space", "space.yaml", "--name", "tiny", "--seeds", 0, "--trials", 1,
                     cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    [line] = [line for line in result.stdout.splitlines() if "re-evaluate it on fresh seeds: " in line]
    command = line.split("re-evaluate it on fresh seeds: ")[1]
    assert command.endswith(" --set loop.parameters.episodes_per_eval=5") and "note:" not in result.stdout
    sweep = run_cli(*shlex.split(command)[1:], cwd=tmp_path)
    assert sweep.returncode == 0, sweep.stderr


# tester9d-8: a continued tune (or sweep) refused for another spec or space names the first key that differs
def test_a_refused_continuation_names_the_key_that_differs(tmp_path):
    assert tune(tmp_path, "--trials", 1, "-s", "loop.parameters.max_episodes=20").returncode == 0
    spec = tune(tmp_path, "--trials", 2, "-s", "loop.parameters.max_episodes=21")
    assert spec.returncode == 2
    assert errors(spec) == [f"Error: -c/--run-config and --set: differs from {tmp_path / 'tunes' / 'st' / 'spec.yaml'} "
                            "(loop.parameters.max_episodes 21, was 20), which this tune was started with; give the "
                            "same file, or a new --name for a new tune"]
    space = tune(tmp_path, "--trials", 2, space=SPACE.replace("0.01", "0.001"))
    assert space.returncode == 2 and "(agent.parameters.learning_rate.float [0.001, 1], was [0.01, 1])" in space.stderr
    args = ("sweep", "-c", lake(tmp_path), "--seeds", 0, "--name", "sw", "-q")
    assert run_cli(*args, cwd=tmp_path).returncode == 0
    sweep = run_cli(*args, "-s", "loop.parameters.max_episodes=30", cwd=tmp_path)
    assert sweep.returncode == 2
    assert "exists with other spec (spec: loop.parameters.max_episodes 30, was 20); " in sweep.stderr


# tester9d-10: a categorical agent.class whose choice lacks a parameter of the base spec: the choice and the fix
def test_a_class_choice_lacking_a_base_spec_parameter_is_named_with_the_fix(tmp_path):
    (tmp_path / "ab.py").write_text(
        "from gym_loop.agents.random_agent import RandomAgent\n"
        "class A(RandomAgent):\n    @staticmethod\n    def get_default_parameters(): return {'eps': 0.1, 'only_a': 1}\n"
        "class B(RandomAgent):\n    @staticmethod\n    def get_default_parameters(): return {'eps': 0.1}\n")
    spec = make_spec("CartPole-v1", episodes_per_eval=5)
    spec["agent"] = {"class": "ab.py:A", "parameters": {"eps": 0.1, "only_a": 1}}
    write_spec(tmp_path / "ab.yaml", spec)
    (tmp_path / "sp.yaml").write_text('agent.class: {categorical: ["ab.py:A", "ab.py:B"]}\n')
    result = run_cli("tune", "-c", "ab.yaml", "--space", "sp.yaml", "--trials", 1, cwd=tmp_path)
    assert result.returncode == 2
    assert errors(result) == ['Error: space.agent.class: the choice "ab.py:B" takes no agent.parameters.only_a, which '
                              "the base spec (-c) sets; leave only_a out of it (each class's defaults fill in its own "
                              "parameters), or tune each class on its own"]
