"""A run's files where its spec puts them: checkpoint_dir, episodes_csv and evals_csv moved by the spec are read
there by tune, sweep and the run commands (tester10e-1, tester10e-2)."""

import csv
import json
import re
import shutil

import pytest

from conftest import make_spec, run_cli, write_spec
from gym_loop.sweeps import runinfo

# Stops its own run with a real Ctrl-C in episode 4, once (the file "stopped" marks it), as a user would: the run
# checkpoints and ends interrupted, its checkpoints in the spec's checkpoint_dir.
CTRL_C_AGENT = '''import os
import signal
from pathlib import Path

from gym_loop.agents.random_agent import RandomAgent


class Agent(RandomAgent):
    def act(self, state, episode_num):
        if episode_num == 4 and not Path("stopped").exists():
            Path("stopped").touch()
            os.kill(os.getpid(), signal.SIGINT)
        return super().act(state, episode_num)
'''

MOVED = {"checkpoint_dir": "./ck", "episodes_csv": "./tables/ep.csv", "evals_csv": "./tables/ev.csv"}


def test_tune_scores_each_trial_from_the_evals_csv_its_spec_names(tmp_path):
    pytest.importorskip("optuna")
    spec = make_spec("FrozenLake-v1", "gym_loop.agents.q_learning:QLearningAgent", max_episodes=6,
                     episodes_per_eval=3, eval_episodes=1, episodes_per_checkpoint=3, evals_csv="./ev/my.csv")
    write_spec(tmp_path / "base.yaml", spec)
    (tmp_path / "space.yaml").write_text("agent.parameters.learning_rate: {float: [0.01, 1.0], log: true}\n")
    result = run_cli("tune", "-c", "base.yaml", "--space", "space.yaml", "--trials", 1, "--seeds", 0, "-j", 1,
                     "--name", "t", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "no periodic evaluation" not in result.stderr
    [row] = list(csv.DictReader(open(tmp_path / "tunes" / "t" / "trials.csv")))
    assert row["state"] == "COMPLETE", row
    [evals] = list(csv.DictReader(open(tmp_path / "tunes" / "t" / "trials" / "0" / "seed-0" / "ev" / "my.csv")))[-1:]
    assert float(row["value"]) == float(evals["mean_return"])


def interrupted_sweep(tmp_path, **parameters):
    """A sweep of one run, stopped by Ctrl-C after its checkpoint of episode 3; its run folder."""
    (tmp_path / "agent.py").write_text(CTRL_C_AGENT)
    spec = make_spec(max_episodes=8, episodes_per_checkpoint=3, **parameters)
    spec["agent"]["class"] = "agent.py:Agent"
    write_spec(tmp_path / "s.yaml", spec)
    first = run_cli("sweep", "-c", "s.yaml", "--seeds", 0, cwd=tmp_path)
    assert first.returncode != 0 and (tmp_path / "stopped").exists(), first.stderr
    run = tmp_path / "sweeps" / "s" / "runs" / "base" / "seed-0"
    assert json.loads((run / "run.json").read_text())["status"] == "interrupted"
    return run


def test_a_sweep_resumes_a_run_whose_spec_moves_its_checkpoints_and_tables(tmp_path):
    run = interrupted_sweep(tmp_path, **MOVED)
    assert (run / "ck" / "latest").is_file() and not (run / "checkpoints").exists()
    assert runinfo.has_checkpoint(run)
    plan = run_cli("sweep", "sweeps/s", "--dry-run", cwd=tmp_path)
    assert plan.returncode == 0, plan.stderr
    assert re.search(r"base/seed-0\s+0\s+resume", plan.stdout), plan.stdout
    again = run_cli("sweep", "sweeps/s", cwd=tmp_path)
    assert again.returncode == 0, again.stderr
    record = json.loads((run / "run.json").read_text())
    assert record["status"] == "finished" and record["resumed"], record
    episodes = [int(row["episode"]) for row in csv.DictReader(open(run / "tables" / "ep.csv"))]
    assert episodes == list(range(8))  # the first attempt's rows kept, continued: not played again from 0


def test_a_rebuilt_run_json_keeps_the_run_id_of_a_moved_checkpoint_dir(tmp_path):
    run = interrupted_sweep(tmp_path, checkpoint_dir="./ck")
    run_id = json.loads((run / "run.json").read_text())["id"]
    assert run_id and (run / "ck" / "run-id").read_text().strip() == run_id
    (run / "run.json").write_text("{damaged")
    again = run_cli("sweep", "sweeps/s", cwd=tmp_path)
    assert again.returncode == 0, again.stderr
    assert "holds the checkpoints of another run" not in again.stderr
    record = json.loads((run / "run.json").read_text())
    assert record["status"] == "finished" and record["id"] == run_id


def test_a_run_that_lost_its_run_json_is_named_wherever_its_spec_puts_episodes_csv(tmp_path):
    run = interrupted_sweep(tmp_path, **MOVED)
    copy = tmp_path / "copy" / "seed-0"
    shutil.copytree(run, copy)
    (copy / "run.json").unlink()
    assert runinfo.lost_record(copy)
    listed = run_cli("runs", "ls", "copy", cwd=tmp_path)
    assert "have a run's spec.yaml and episodes.csv but no run.json" in listed.stderr, listed.stderr


def test_a_path_inside_a_moved_checkpoint_dir_is_told_its_checkpoint(tmp_path):
    write_spec(tmp_path / "s.yaml", make_spec(max_episodes=2, episodes_per_checkpoint=1, checkpoint_dir="./ck"))
    assert run_cli("-q", "train", "-c", "s.yaml", "--run-dir", "part", cwd=tmp_path).returncode == 0
    result = run_cli("eval", "--run", "part/ck/agent-000002", cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr.strip().splitlines()[-1] == (
        "Error: Invalid value for '--run': part/ck/agent-000002 is inside the run folder part; give the run folder: "
        "--run part --checkpoint agent-000002 (see gym-loop eval --help)")


def test_a_run_whose_spec_cannot_be_read_is_resumed_to_say_why_not_restarted(tmp_path):
    """Where its checkpoints are is unknown: a restart would delete them; its resume names the file instead."""
    run = interrupted_sweep(tmp_path, **MOVED)
    (run / "spec.yaml").write_text("loop: [")
    plan = run_cli("sweep", "sweeps/s", "--dry-run", cwd=tmp_path)
    assert re.search(r"base/seed-0\s+0\s+resume", plan.stdout), plan.stdout + plan.stderr
    again = run_cli("sweep", "sweeps/s", cwd=tmp_path)
    assert again.returncode != 0 and "spec.yaml" in again.stderr, again.stderr
    assert (run / "ck" / "latest").is_file() and len(list(csv.DictReader(open(run / "tables" / "ep.csv")))) >= 4
