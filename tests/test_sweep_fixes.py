"""Defects of sweep and tune found by new users (tester3b), through the console script with tiny budgets."""

import csv
import json
import re
from pathlib import Path

import pytest
import yaml

from conftest import make_spec, run_cli, write_spec
from test_sweep import frozen_lake as sweep_spec, read_csv


def frozen_lake(tmp_path: Path, name: str = "fl.yaml", **loop) -> Path:
    """test_sweep's FrozenLake spec on a smaller budget."""
    return sweep_spec(tmp_path, name, **{"max_episodes": 4, "episodes_per_eval": 2, "eval_episodes": 1,
                                         "episodes_per_checkpoint": 2, **loop})


def test_sweep_refuses_a_folder_of_the_users_that_is_not_a_sweep(tmp_path):
    spec = frozen_lake(tmp_path)
    project = tmp_path / "sweeps" / "fl"
    (project / "notes").mkdir(parents=True)
    (project / "state.json").write_text("keep")
    for args in ((), ("--dry-run",)):
        result = run_cli("sweep", "-c", spec, "--seeds", "0", *args, cwd=tmp_path)
        assert result.returncode == 2, result.stderr
        assert "Error: --name: sweeps/fl is not empty and is not a sweep (it has no manifest.json)" in result.stderr
    assert sorted(path.name for path in project.iterdir()) == ["notes", "state.json"]
    assert (project / "state.json").read_text() == "keep"


def test_tune_refuses_a_folder_of_the_users_that_is_not_a_tune(tmp_path):
    pytest.importorskip("optuna")
    spec = frozen_lake(tmp_path)
    space = tmp_path / "space.yaml"
    space.write_text(yaml.safe_dump({"agent.parameters.discount": {"float": [0.9, 0.99]}}))
    project = tmp_path / "tunes" / "mine"
    project.mkdir(parents=True)
    (project / "trials.csv").write_text("user notes")
    result = run_cli("tune", "-c", spec, "--space", space, "--trials", "1", "--name", "mine", cwd=tmp_path)
    assert result.returncode == 2, result.stderr
    assert "is not empty and is not a tune (it has no tune.json); give a new --name" in result.stderr
    assert [path.name for path in project.iterdir()] == ["trials.csv"]
    assert (project / "trials.csv").read_text() == "user notes"


HOLD_LOCK = "import fcntl, sys, time; f = open(sys.argv[1], 'a'); fcntl.flock(f, fcntl.LOCK_EX); print('held', flush=True); time.sleep(60)"


def test_a_run_folder_whose_lock_a_process_holds_is_busy_even_before_run_json(tmp_path):
    """A driver killed with kill -9 leaves its runs alive; one still starting has no run.json yet."""
    import subprocess
    import sys

    spec = frozen_lake(tmp_path)
    assert run_cli("sweep", "-c", spec, "--seeds", "0-1", "--jobs", "1", cwd=tmp_path).returncode == 0
    starting = tmp_path / "sweeps" / "fl" / "runs" / "base" / "seed-1"
    for child in starting.iterdir():  # as a run that has made its folder and locked it, no more
        if child.name != ".lock":
            subprocess.run(["rm", "-rf", str(child)], check=True)
    holder = subprocess.Popen([sys.executable, "-c", HOLD_LOCK, str(starting / ".lock")], stdout=subprocess.PIPE,
                              text=True)
    try:
        assert holder.stdout.readline().strip() == "held"
        plan = run_cli("sweep", "sweeps/fl", "--dry-run", cwd=tmp_path)
        assert re.search(r"base/seed-1\s+1\s+busy", plan.stdout), plan.stdout
        result = run_cli("sweep", "sweeps/fl", cwd=tmp_path)
        assert result.returncode == 1, result.stderr
        assert "sweep sweeps/fl: 1 of 2 runs finished" in result.stdout
        assert ("1 run(s) did not finish: base/seed-1 (running); logs in sweeps/fl/logs; the running ones belong "
                "to another process; when they end, continue with: gym-loop sweep sweeps/fl") in result.stderr
        assert "--retry-failed" not in result.stderr
        assert sorted(child.name for child in starting.iterdir()) == [".lock"]  # no second train started in it
    finally:
        holder.kill()
        holder.wait()
    result = run_cli("sweep", "sweeps/fl", cwd=tmp_path)  # its process is gone: started again
    assert result.returncode == 0, result.stderr
    assert json.loads((starting / "run.json").read_text())["status"] == "finished"


HOLD_THEN_LOOK = ("import fcntl, os, sys, time; f = open(sys.argv[1], 'a'); fcntl.flock(f, fcntl.LOCK_EX); "
                  "print('held', flush=True); time.sleep(float(sys.argv[3])); "
                  "print('started' if os.path.exists(sys.argv[2]) else 'waiting', flush=True)")


def test_runs_another_process_still_runs_count_against_jobs(tmp_path):
    """A driver killed with kill -9 leaves its runs alive: the next driver starts no more than --jobs runs
    beside them, and starts the next run once one of them has ended."""
    import subprocess
    import sys

    spec = frozen_lake(tmp_path)
    assert run_cli("sweep", "-c", spec, "--seeds", "0-2", "--jobs", "1", cwd=tmp_path).returncode == 0
    runs = tmp_path / "sweeps" / "fl" / "runs" / "base"
    orphan, waiting = runs / "seed-1", runs / "seed-2"
    for child in orphan.iterdir():  # as a run of the killed driver: its folder locked by its live train
        if child.name != ".lock":
            subprocess.run(["rm", "-rf", str(child)], check=True)
    subprocess.run(["rm", "-rf", str(waiting)], check=True)  # a run the killed driver had not started
    holder = subprocess.Popen([sys.executable, "-c", HOLD_THEN_LOOK, str(orphan / ".lock"), str(waiting), "8"],
                              stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "held"
        result = run_cli("sweep", "sweeps/fl", "--jobs", "1", cwd=tmp_path)
        assert holder.stdout.readline().strip() == "waiting"  # --jobs 1 was taken by the orphan while it lived
    finally:
        holder.kill()
        holder.wait()
    assert "1 run(s) of another process (an earlier driver's) still running count against --jobs 1" in result.stderr
    assert json.loads((waiting / "run.json").read_text())["status"] == "finished"  # started once the orphan ended
    assert result.returncode == 1, result.stderr  # the orphan's run did not finish


def test_a_config_that_never_evaluates_is_refused_in_a_final_eval_sweep(tmp_path):
    result = run_cli("sweep", "-c", frozen_lake(tmp_path), "--grid", "loop.parameters.episodes_per_eval=[2,null]",
                     cwd=tmp_path)
    assert result.returncode == 2, result.stderr
    assert result.stderr.startswith("Error: loop.parameters.episodes_per_eval: a sweep scores each run (final-eval) "
                                    "by its last periodic evaluation; give every config a number of episodes such "
                                    "as 10 instead of null (config episodes_per_eval=null-")
    assert not (tmp_path / "sweeps").exists()


@pytest.mark.slow
def test_a_run_whose_run_json_cannot_be_read_is_resumed_from_its_latest_checkpoint(tmp_path):
    import signal
    import subprocess
    import time

    from conftest import AGENTS, GYM_LOOP

    spec = write_spec(tmp_path / "slow.yaml", make_spec(agent=f"{AGENTS / 'slow_random_agent.py'}:SlowRandomAgent",
                                                        max_episodes=40, max_episode_len=500,
                                                        episodes_per_checkpoint=3, episodes_per_eval=20))
    driver = subprocess.Popen([GYM_LOOP, "sweep", "-c", spec, "--seeds", "0"], cwd=tmp_path, stderr=subprocess.PIPE,
                              text=True)
    run = tmp_path / "sweeps" / "slow" / "runs" / "base" / "seed-0"
    deadline = time.monotonic() + 60
    while not (run / "checkpoints" / "latest").exists() and time.monotonic() < deadline:
        time.sleep(0.01)
    driver.send_signal(signal.SIGINT)
    driver.communicate(timeout=60)
    assert driver.returncode == 130
    cut = (run / "run.json").read_text()[:100]
    (run / "run.json").write_text(cut)  # cut short, as by a full disk
    stopped_at = len(read_csv(run / "episodes.csv"))
    assert run_cli("sweep", "sweeps/slow", "--dry-run", cwd=tmp_path).stdout.count("resume") == 1
    result = run_cli("sweep", "sweeps/slow", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "base/seed-0: run.json cannot be read; rebuilt from the sweep's plan" in result.stderr
    record = json.loads((run / "run.json").read_text())
    assert record["status"] == "finished" and record["seed"] == 0 and len(record["resumed"]) == 1
    assert (run / "run.json.unreadable").read_text() == cut
    rows = read_csv(run / "episodes.csv")
    assert [int(row["episode"]) for row in rows] == list(range(40)) and stopped_at < 40  # resumed, not restarted


def test_sweep_and_tune_make_each_env_before_anything_runs(tmp_path):
    spec = frozen_lake(tmp_path)
    for args in ((), ("--dry-run",)):
        result = run_cli("sweep", "-c", spec, "--seeds", "0", "--grid", "env.parameters.is_slipery=[true,false]",
                         *args, cwd=tmp_path)
        assert result.returncode == 2, result.stderr
        assert result.stderr.startswith("Error: env.parameters.is_slipery: ")
        assert result.stderr.rstrip().endswith("(config is_slipery=true-379b71)")
    assert not (tmp_path / "sweeps").exists()
    pytest.importorskip("optuna")
    space = tmp_path / "space.yaml"
    space.write_text(yaml.safe_dump({"env.parameters.is_slippery": {"categorical": [True, False]},
                                     "env.parameters.map_nam": {"categorical": ["4x4", "8x8"]}}))
    result = run_cli("tune", "-c", spec, "--space", space, "--trials", "1", cwd=tmp_path)
    assert result.returncode == 2, result.stderr
    assert result.stderr.startswith("Error: env.parameters.map_nam: ")
    assert result.stderr.rstrip().endswith('(space.env.parameters.map_nam: "4x4")')
    assert not (tmp_path / "tunes").exists()


def test_configs_csv_and_aggregate_csv_hold_plain_text_values(tmp_path):
    document = yaml.safe_load(frozen_lake(tmp_path).read_text())
    document["agent"]["parameters"] = {}  # each agent class completes its own
    spec = write_spec(tmp_path / "fl.yaml", document)
    grid = "agent.class=[gym_loop.agents.random_agent:RandomAgent,gym_loop.agents.q_learning:QLearningAgent]"
    result = run_cli("sweep", "-c", spec, "--seeds", "0", "--grid", grid,
                     "--grid", "loop.parameters.max_episode_len=[20]", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    for name in ("configs.csv", "aggregate.csv"):
        rows = read_csv(tmp_path / "sweeps" / "fl" / name)
        assert [row["agent.class"] for row in rows] == ["gym_loop.agents.random_agent:RandomAgent",
                                                        "gym_loop.agents.q_learning:QLearningAgent"]
        assert {row["loop.parameters.max_episode_len"] for row in rows} == {"20"}


@pytest.mark.slow
def test_a_file_agents_code_is_recorded_and_a_change_is_warned_on_resume_and_continue(tmp_path):
    import shutil
    import signal
    import subprocess
    import time

    from conftest import AGENTS, GYM_LOOP

    agent = tmp_path / "slow_agent.py"
    shutil.copy(AGENTS / "slow_random_agent.py", agent)
    spec = write_spec(tmp_path / "slow.yaml", make_spec(agent=f"{agent}:SlowRandomAgent", max_episodes=40,
                                                        max_episode_len=500, episodes_per_checkpoint=3,
                                                        episodes_per_eval=20))
    process = subprocess.Popen([GYM_LOOP, "train", "-c", spec, "--run-dir", "run"], cwd=tmp_path,
                               stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 60
    while not (tmp_path / "run" / "checkpoints" / "latest").exists() and time.monotonic() < deadline:
        time.sleep(0.01)
    process.send_signal(signal.SIGINT)
    process.communicate(timeout=60)
    import hashlib
    assert json.loads((tmp_path / "run" / "run.json").read_text())["code"] == {
        "agent": hashlib.sha256(agent.read_bytes()).hexdigest()}
    agent.write_text(agent.read_text() + "\n# a fix\n")
    resumed = run_cli("train", "--resume", "run", cwd=tmp_path)
    assert resumed.returncode == 0, resumed.stderr
    assert f"WARNING: the agent's file {agent} changed since the run last trained (sha256 " in resumed.stderr
    record = json.loads((tmp_path / "run" / "run.json").read_text())
    assert record["resumed"][0]["code"]["agent"] == hashlib.sha256(agent.read_bytes()).hexdigest() != \
        record["code"]["agent"]  # the start's code kept (tester9a-3)

    sweep = write_spec(tmp_path / "fast.yaml", make_spec(agent=f"{agent}:SlowRandomAgent", max_episodes=2,
                                                          episodes_per_eval=2))
    assert run_cli("sweep", "-c", sweep, "--seeds", "0-1", "--jobs", "1", cwd=tmp_path).returncode == 0
    shutil.rmtree(tmp_path / "sweeps" / "fast" / "runs" / "base" / "seed-1")  # a run still to start
    agent.write_text(agent.read_text() + "\n# another fix\n")
    result = run_cli("sweep", "sweeps/fast", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert (f"WARNING: {agent} changed since 1 run(s) of this sweep trained with it: the sweep would mix two "
            "versions of the code") in result.stderr


def test_runs_ls_names_the_sweep_in_csv_and_aggregate_tells_a_damaged_evals_csv(tmp_path):
    spec = frozen_lake(tmp_path)
    assert run_cli("sweep", "-c", spec, "--seeds", "0-1", "--jobs", "1", cwd=tmp_path).returncode == 0
    listed = run_cli("runs", "ls", "sweeps/fl", "--format", "csv", cwd=tmp_path)
    assert [row["sweep"] for row in csv.DictReader(listed.stdout.splitlines())] == ["sweeps/fl", "sweeps/fl"]
    evals = tmp_path / "sweeps" / "fl" / "runs" / "base" / "seed-0" / "evals.csv"
    header, *rows = evals.read_text().splitlines()
    last = rows[-1].split(",")
    last[2] = "abc"
    evals.write_text("\n".join([header, *rows[:-1], ",".join(last)]) + "\n")
    result = run_cli("aggregate", "sweeps/fl", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert ("WARNING: sweeps/fl/runs/base/seed-0/evals.csv: its last mean_return is 'abc', not a finite number; that "
            "run is left out of the statistics: restore the file from a copy") in result.stderr
    assert "no periodic evaluation ran" not in result.stderr


def test_plot_table_lists_a_sweeps_configs_in_the_order_of_aggregate(tmp_path):
    pytest.importorskip("matplotlib")
    spec = frozen_lake(tmp_path)
    grid = ("--grid", "loop.parameters.max_episodes=[8,12]", "--grid", "loop.parameters.max_episode_len=[9,10]")
    assert run_cli("sweep", "-c", spec, "--seeds", "0", *grid, cwd=tmp_path).returncode == 0
    aggregate = run_cli("aggregate", "sweeps/fl", "--format", "csv", cwd=tmp_path)
    order = [row["config"] for row in csv.DictReader(aggregate.stdout.splitlines())]
    assert [config.split("-")[0] for config in order] == [
        "max_episodes=8,max_episode_len=9", "max_episodes=8,max_episode_len=10",
        "max_episodes=12,max_episode_len=9", "max_episodes=12,max_episode_len=10"]
    table = run_cli("plot", "sweeps/fl", "--table", cwd=tmp_path)
    assert table.returncode == 0, table.stderr
    assert [line.split("|")[1].strip() for line in table.stdout.splitlines()[2:] if line.startswith("|")] == order


def test_aggregate_of_a_tune_folder_points_to_plot_table(tmp_path):
    (tmp_path / "tunes" / "lake").mkdir(parents=True)
    (tmp_path / "tunes" / "lake" / "tune.json").write_text("{}")
    result = run_cli("aggregate", "tunes/lake", cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr == ("Error: SWEEP_DIR: tunes/lake is a tune folder, not a sweep folder; its trials' scores: "
                             "gym-loop plot tunes/lake --table (or tunes/lake/trials.csv)\n")
