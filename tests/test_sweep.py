"""gym-loop sweep / aggregate / runs ls through the console script, on FrozenLake with tiny budgets."""

import csv
import json
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import GYM_LOOP, make_spec, run_cli, write_spec
from gym_loop.sweeps.plan import config_id, expand, parse_grid, parse_seeds, parse_zip

Q_LEARNING = "gym_loop.agents.q_learning:QLearningAgent"
GRID = ("--grid", "agent.parameters.learning_rate=[0.1,0.5]")
FLAKY = '''from gym_loop.agents.q_learning import QLearningAgent


class Flaky(QLearningAgent):
    @staticmethod
    def get_default_parameters():
        return {**QLearningAgent.get_default_parameters(), "explode": False}

    def act(self, state, episode_num):
        if self.parameters["explode"] and BROKEN:
            raise RuntimeError("boom")
        return super().act(state, episode_num)


BROKEN = True
'''


def frozen_lake(tmp_path: Path, name: str = "fl.yaml", **loop) -> Path:
    spec = make_spec("FrozenLake-v1", Q_LEARNING, **{"max_episodes": 12, "episodes_per_eval": 6, "eval_episodes": 2,
                                                      "episodes_per_checkpoint": 6, **loop})
    return write_spec(tmp_path / name, spec)


def read_csv(path: Path):
    with open(path, newline="") as file:
        return list(csv.DictReader(file))


def run_json(folder: Path) -> dict:
    return json.loads((folder / "run.json").read_text())


def run_folders(sweep: Path):
    return sorted(sweep.glob("runs/*/seed-*"))


def test_sweep_runs_every_seed_of_every_config(tmp_path):
    spec = frozen_lake(tmp_path)
    dry = run_cli("sweep", "-c", spec, "--seeds", "0-2", *GRID, "--dry-run", cwd=tmp_path)
    assert dry.returncode == 0, dry.stderr
    assert "learning_rate=0.5" in dry.stdout and dry.stdout.count("start") == 6
    assert not (tmp_path / "sweeps").exists()

    result = run_cli("sweep", "-c", spec, "--seeds", "0-2", *GRID, "--jobs", "2", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    sweep = tmp_path / "sweeps" / "fl"
    folders = run_folders(sweep)
    assert len(folders) == 6 and all(run_json(folder)["status"] == "finished" for folder in folders)
    assert {folder.name for folder in folders} == {"seed-0", "seed-1", "seed-2"}
    assert {run_json(folder)["seed"] for folder in folders} == {0, 1, 2}
    aggregate = read_csv(sweep / "aggregate.csv")
    assert [row["n"] for row in aggregate] == ["3", "3"]
    assert {row["agent.parameters.learning_rate"] for row in aggregate} == {"0.1", "0.5"}
    assert {row["reps"] for row in aggregate} == {"2000"} and {row["bootstrap_seed"] for row in aggregate} == {"0"}
    assert len(read_csv(sweep / "scores.csv")) == 6
    assert [row["config"] for row in read_csv(sweep / "configs.csv")] == [row["config"] for row in aggregate]
    state = json.loads((sweep / "state.json").read_text())["runs"]
    assert {entry["status"] for entry in state.values()} == {"finished"} and len(state) == 6
    assert len(list(sweep.glob("logs/*/seed-*.log"))) == 6
    manifest = json.loads((sweep / "manifest.json").read_text())
    assert manifest["seeds"] == [0, 1, 2] and manifest["spec"]["env"]["name"] == "FrozenLake-v1"
    assert "IQM is the mean" in result.stderr  # n=3 < 4

    records = {folder: (folder / "run.json").read_text() for folder in folders}
    again = run_cli("sweep", "-c", spec, "--seeds", "0-2", *GRID, cwd=tmp_path)
    assert again.returncode == 0, again.stderr
    assert {folder: (folder / "run.json").read_text() for folder in folders} == records

    listed = run_cli("runs", "ls", tmp_path / "sweeps", "--format", "json", cwd=tmp_path)
    rows = json.loads(listed.stdout)
    assert len(rows) == 6 and {row["sweep"] for row in rows} == {str(tmp_path / "sweeps" / "fl")}  # as the table names it
    assert {row["status"] for row in rows} == {"finished"} and {row["episodes"] for row in rows} == {12}


def test_a_grid_over_agent_classes_whose_parameters_differ(tmp_path):
    spec = make_spec("FrozenLake-v1", Q_LEARNING, max_episodes=2, episodes_per_eval=None)
    spec["agent"]["parameters"] = {}  # each class's defaults, whichever it is
    write_spec(tmp_path / "agents.yaml", spec)
    grid = f"agent.class=[{Q_LEARNING},gym_loop.agents.random_agent:RandomAgent]"
    result = run_cli("sweep", "-c", "agents.yaml", "--seeds", "0", "--grid", grid, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    folders = run_folders(tmp_path / "sweeps" / "agents")
    assert [run_json(folder)["status"] for folder in folders] == ["finished", "finished"]
    specs = [(folder / "spec.yaml").read_text() for folder in folders]
    assert sum("learning_rate" in text for text in specs) == 1  # only QLearningAgent's spec has its parameters


def test_the_same_name_with_another_grid_is_refused(tmp_path):
    spec = frozen_lake(tmp_path, max_episodes=2, episodes_per_eval=None)
    assert run_cli("sweep", "-c", spec, "--seeds", "0", cwd=tmp_path).returncode == 0
    result = run_cli("sweep", "-c", spec, "--seeds", "0", *GRID, cwd=tmp_path)
    assert result.returncode == 2
    assert "exists with other axes" in result.stderr and "--name" in result.stderr


@pytest.mark.parametrize("args, words", [
    (GRID[:1] + ("agent.parameters.learning_rate=0.1",), "expected a non-empty list"),
    (("--grid", "agent.parameters.nope=[1,2]"), "agent.parameters.nope"),
    (("--grid", "loop.parameters.max_episodes=[3, -1]"), "loop.parameters.max_episodes"),
    (("--seeds", "3-1"), "--seeds"),
    (("--zip", "agent.parameters.learning_rate,agent.parameters.discount=[[0.1]]"), "rows of 2 values"),
    (("--grid", "seed=[1,2]"), "Error: --grid: seed: a sweep gives each run one of its --seeds"),
    (("--zip", "seed,agent.parameters.learning_rate=[[1,0.1],[2,0.5]]"), "Error: --zip: seed: "),
    (("--set", "seed=3"), "Error: --set: seed: a sweep gives each run one of its --seeds"),
    (("--grid", "agent.parameters.learning_rate=[1, 1.0]"), "a value is given twice"),
    (("--seeds", "0-99999999", "--dry-run"), "Error: --seeds: 0-99999999 gives more than 10000 seeds"),
    (("--seeds", "1,1", "--dry-run"), "Error: --seeds: 1 is given twice in '1,1'; give each seed once"),
    (("--seeds", "0-2,1", "--dry-run"), "Error: --seeds: 1 is given twice in '0-2,1'; give each seed once"),
    (("--seeds", "", "--dry-run"), "Error: --seeds: expected seeds such as 0-9 or 0,3,7, got ''"),
    (("--set", "loop.parameters.evals_csv=null"), "Error: loop.parameters.evals_csv: a sweep scores each run "
     "(final-eval) from this file; give it a name such as evals.csv instead of null (config base)"),
    (("--grid", "loop.parameters.episodes_per_eval=[5,null]"), "Error: loop.parameters.episodes_per_eval: a sweep "
     "scores each run (final-eval) by its last periodic evaluation; give every config a number of "
     "episodes such as 10 instead of null (config episodes_per_eval=null-"),
    (("--set", "loop.parameters.episodes_per_eval=null", "--grid", "loop.parameters.episodes_csv=[e.csv, null]"),
     "Error: loop.parameters.episodes_csv: a sweep scores each run (last-100) from this file"),
])
def test_grid_and_seed_errors_exit_2_and_create_nothing(tmp_path, args, words):
    result = run_cli("sweep", "-c", frozen_lake(tmp_path), *args, cwd=tmp_path)
    assert result.returncode == 2, result.stderr
    assert words in result.stderr and "Traceback" not in result.stderr
    assert not (tmp_path / "sweeps").exists()


def test_a_run_failing_gives_exit_1_and_is_retried_by_retry_failed(tmp_path):
    (tmp_path / "flaky.py").write_text(FLAKY)
    spec = make_spec("FrozenLake-v1", Q_LEARNING, max_episodes=4, episodes_per_checkpoint=2)
    spec["agent"] = {"class": "flaky.py:Flaky", "parameters": {**spec["agent"]["parameters"], "explode": False}}
    write_spec(tmp_path / "flaky.yaml", spec)
    command = ("sweep", "-c", "flaky.yaml", "--seeds", "0-1", "--grid", "agent.parameters.explode=[false,true]")
    result = run_cli(*command, cwd=tmp_path)
    assert result.returncode == 1, result.stderr
    assert "2 run(s) did not finish" in result.stderr and "explode=true" in result.stderr
    assert "--retry-failed" in result.stderr
    sweep = tmp_path / "sweeps" / "flaky"
    assert [row["n"] for row in read_csv(sweep / "aggregate.csv")] == ["2", "0"]
    failed_log = next(sweep.glob("logs/explode=true*/seed-0.log")).read_text()
    assert "boom" in failed_log

    assert run_cli(*command, cwd=tmp_path).returncode == 1  # failed runs are skipped without --retry-failed
    (tmp_path / "flaky.py").write_text(FLAKY.replace("BROKEN = True", "BROKEN = False"))  # the user fixes the bug
    retried = run_cli(*command, "--retry-failed", cwd=tmp_path)
    assert retried.returncode == 0, retried.stderr
    assert [row["n"] for row in read_csv(sweep / "aggregate.csv")] == ["2", "2"]


def _wait_for(condition, seconds=120.0):
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.1)


def test_sigterm_stops_the_sweep_and_the_same_command_finishes_it(tmp_path):
    spec = frozen_lake(tmp_path, max_episodes=20, episodes_per_eval=None, episodes_per_checkpoint=200)
    command = ["sweep", "-c", str(spec), "--seeds", "0-1", "--jobs", "2",
               "--grid", "loop.parameters.max_episodes=[20,6000]"]
    driver = subprocess.Popen([GYM_LOOP, *command], cwd=tmp_path, stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True)
    sweep = tmp_path / "sweeps" / "fl"
    long_runs = [sweep / "runs" / config_id([("loop.parameters.max_episodes", 6000)]) / f"seed-{seed}"
                 for seed in (0, 1)]
    _wait_for(lambda: all((run / "checkpoints" / "latest").exists() for run in long_runs))

    second = run_cli(*command, cwd=tmp_path)  # a second driver on the same sweep
    assert second.returncode == 3, second.stderr
    assert f"pid {driver.pid}" in second.stderr

    short_runs = run_folders(sweep)[:2]
    finished = {run: (run / "run.json").read_text() for run in short_runs}
    assert all(json.loads(text)["status"] == "finished" for text in finished.values())
    driver.send_signal(signal.SIGTERM)
    _, stderr = driver.communicate(timeout=120)
    assert driver.returncode == 143, stderr
    assert "continue it with: gym-loop sweep sweeps/fl" in stderr
    assert all(run_json(run)["status"] == "interrupted" for run in long_runs)
    state = json.loads((sweep / "state.json").read_text())["runs"]
    assert sorted(entry["status"] for entry in state.values()) == ["finished", "finished", "interrupted", "interrupted"]

    again = run_cli(*command, cwd=tmp_path)
    assert again.returncode == 0, again.stderr
    assert {run: (run / "run.json").read_text() for run in short_runs} == finished
    for run in long_runs:
        assert run_json(run)["status"] == "finished" and len(run_json(run)["resumed"]) == 1
        assert [int(row["episode"]) for row in read_csv(run / "episodes.csv")] == list(range(6000))


def _child_running(driver_pid: int, run_dir: Path) -> int:
    """The pid of the driver's ``gym-loop train`` child for ``run_dir`` (0 if there is none yet)."""
    for proc in Path("/proc").iterdir():
        try:
            command = (proc / "cmdline").read_bytes().split(b"\0")
            parent = int((proc / "stat").read_text().rsplit(")", 1)[1].split()[1])
        except (OSError, ValueError, IndexError):
            continue
        if parent == driver_pid and str(run_dir).encode() in command:
            return int(proc.name)
    return 0


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="finds the run's process through /proc")
def test_a_run_killed_by_the_os_ends_only_itself_and_resumes_next_time(tmp_path):
    spec = frozen_lake(tmp_path, max_episodes=3000, episodes_per_eval=None, episodes_per_checkpoint=100)
    command = ["sweep", "-c", str(spec), "--seeds", "0-2", "--jobs", "2"]
    driver = subprocess.Popen([GYM_LOOP, *command], cwd=tmp_path, stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True)
    victim = tmp_path / "sweeps" / "fl" / "runs" / "base" / "seed-0"
    _wait_for(lambda: (victim / "checkpoints" / "latest").exists())
    os.kill(_child_running(driver.pid, victim), signal.SIGKILL)  # as the OOM killer would
    _, stderr = driver.communicate(timeout=300)
    assert driver.returncode == 1, stderr
    assert "1 run(s) did not finish: base/seed-0 (died)" in stderr
    assert stderr.rstrip().endswith("continue with: gym-loop sweep sweeps/fl")  # no --retry-failed: it is not failed
    others = [victim.parent / "seed-1", victim.parent / "seed-2"]
    assert all(run_json(run)["status"] == "finished" for run in others)
    again = run_cli(*command, cwd=tmp_path)
    assert again.returncode == 0, again.stderr
    assert run_json(victim)["status"] == "finished" and len(run_json(victim)["resumed"]) == 1


def test_aggregate_command_records_its_bootstrap(tmp_path):
    spec = frozen_lake(tmp_path, max_episodes=6)
    assert run_cli("sweep", "-c", spec, "--seeds", "0-5", cwd=tmp_path).returncode == 0  # 6: stats.min_runs()
    first = run_cli("aggregate", "sweeps/fl", "--score", "last-100", "--reps", "1000", "--bootstrap-seed", "5",
                    "--format", "json", cwd=tmp_path)
    assert first.returncode == 0, first.stderr
    [row] = json.loads(first.stdout)
    assert row["n"] == 6 and row["reps"] == 1000 and row["bootstrap_seed"] == 5 and row["score"] == "last-100"
    assert row["iqm_low"] <= row["iqm"] <= row["iqm_high"] and row["mean_low"] <= row["mean"] <= row["mean_high"]
    assert "IQM is the mean" not in first.stderr
    second = run_cli("aggregate", "sweeps/fl", "--score", "last-100", "--reps", "1000", "--bootstrap-seed", "5",
                     "--format", "json", cwd=tmp_path)
    assert second.stdout == first.stdout
    table = run_cli("aggregate", "sweeps/fl", cwd=tmp_path)
    assert "final-eval" in table.stdout and "iqm_low" in table.stdout
    assert run_cli("aggregate", tmp_path, cwd=tmp_path).returncode == 2


def test_runs_ls_says_died_when_the_process_is_gone(tmp_path):
    spec = frozen_lake(tmp_path, max_episodes=2, episodes_per_eval=None)
    assert run_cli("train", "-c", spec, "--run-dir", "runs/one", cwd=tmp_path).returncode == 0
    gone = subprocess.Popen([sys.executable, "-c", "pass"])
    gone.wait()
    record = run_json(tmp_path / "runs" / "one")
    record.update(status="running", pid=gone.pid, host=os.uname().nodename, ended=None)
    (tmp_path / "runs" / "one" / "run.json").write_text(json.dumps(record))
    listed = run_cli("runs", "ls", cwd=tmp_path)
    assert listed.returncode == 0, listed.stderr
    assert "runs in runs:" in listed.stdout and "died" in listed.stdout
    rows = read_csv_text(run_cli("runs", "ls", "runs", "--format", "csv", cwd=tmp_path).stdout)
    assert rows[0]["run"] == "one" and rows[0]["status"] == "died" and rows[0]["episodes"] == "2"


def test_without_episodes_csv_runs_ls_shows_unknown_counts_and_aggregate_says_why(tmp_path):
    spec = frozen_lake(tmp_path, max_episodes=6, episodes_csv=None)
    assert run_cli("sweep", "-c", spec, "--seeds", "0-1", cwd=tmp_path).returncode == 0
    listed = run_cli("runs", "ls", "sweeps/fl", "--format", "json", cwd=tmp_path)
    assert listed.returncode == 0, listed.stderr
    rows = json.loads(listed.stdout)
    assert [(row["status"], row["episodes"], row["steps"]) for row in rows] == [("finished", None, None)] * 2
    table = run_cli("runs", "ls", "sweeps/fl", cwd=tmp_path).stdout
    assert len(re.findall(r"^runs/base/seed-\d  finished  ran every planned episode  -         -  ", table,
                          re.MULTILINE)) == 2
    aggregated = run_cli("aggregate", "sweeps/fl", "--score", "last-100", cwd=tmp_path)
    assert aggregated.returncode == 0, aggregated.stderr
    assert ("2 finished run(s) have no last-100 score: their spec sets loop.parameters.episodes_csv to null"
            in aggregated.stderr)
    plotted = run_cli("plot", "sweeps/fl", "--table", "--score", "last-100", cwd=tmp_path)
    assert plotted.returncode == 2
    assert ("2 finished run(s) have no last-100 score: their spec sets loop.parameters.episodes_csv to null"
            in plotted.stderr)  # the words of aggregate: both score runs through one function


BAD_METRICS = """from gym_loop.agents.random_agent import RandomAgent


class BadMetrics(RandomAgent):
    def metrics(self, episode_num):
        return {"loss": [1, 2]}
"""


def test_runs_ls_names_the_sweep_says_unreadable_and_shows_our_errors_without_a_class_name(tmp_path):
    (tmp_path / "bad_metrics.py").write_text(BAD_METRICS)
    spec = frozen_lake(tmp_path, max_episodes=2, episodes_per_eval=None)
    result = run_cli("sweep", "-c", spec, "--seeds", "0-1", "--set", "agent.class=bad_metrics.py:BadMetrics",
                     "--set", "agent.parameters={}", cwd=tmp_path)
    assert result.returncode == 1, result.stderr
    (tmp_path / "sweeps/fl/runs/base/seed-1/run.json").write_text('{"status": "fini')  # cut short
    listed = run_cli("runs", "ls", "sweeps/fl", "--format", "json", cwd=tmp_path)
    rows = {row["run"]: row for row in json.loads(listed.stdout)}
    assert rows["runs/base/seed-0"]["status"] == "failed"
    assert rows["runs/base/seed-0"]["reason"].startswith("metrics() returned list")  # not "GymLoopError: ..."
    assert rows["runs/base/seed-1"]["status"] == "unreadable"
    assert run_cli("runs", "ls", "sweeps/fl", cwd=tmp_path).stdout.startswith("sweep sweeps/fl:\n")
    assert run_cli("runs", "ls", "sweeps", cwd=tmp_path).stdout.startswith("sweep sweeps/fl:\n")


def read_csv_text(text: str):
    return list(csv.DictReader(text.splitlines()))


def test_ray_backend_without_ray_exits_2_with_the_install_hint(tmp_path):
    fake = tmp_path / "noray" / "ray"
    fake.mkdir(parents=True)
    (fake / "__init__.py").write_text("raise ImportError('No module named ray')\n")
    path = os.pathsep.join([str(tmp_path / "noray"), os.environ.get("PYTHONPATH", "")])
    result = run_cli("sweep", "-c", frozen_lake(tmp_path), "--backend", "ray", cwd=tmp_path, env={"PYTHONPATH": path})
    assert result.returncode == 2
    assert "needs Ray: " in result.stderr and " -m pip install " in result.stderr
    assert not (tmp_path / "sweeps").exists()


def test_the_local_path_never_imports_ray():
    code = ("import sys, gym_loop.cli, gym_loop.sweeps.sweep, gym_loop.sweeps.launch, gym_loop.sweeps.commands; "
            "print('ray' in sys.modules)")
    assert subprocess.run([sys.executable, "-c", code], capture_output=True, text=True).stdout.strip() == "False"


def test_plan_expansion_and_ids():
    assert parse_seeds("0-2,7,3") == [0, 1, 2, 7, 3]
    assert len(parse_seeds("0-9998,10000")) == 10000
    configs = expand([parse_grid("a.lr=[0.1, 0.5]"), parse_zip("b.x,b.y=[[s, 1], [t, 2]]")])
    assert [dict(config.overrides) for config in configs] == [
        {"a.lr": 0.1, "b.x": "s", "b.y": 1}, {"a.lr": 0.1, "b.x": "t", "b.y": 2},
        {"a.lr": 0.5, "b.x": "s", "b.y": 1}, {"a.lr": 0.5, "b.x": "t", "b.y": 2}]
    assert configs[0].id.startswith("lr=0.1,x=s,y=1-") and len({config.id for config in configs}) == 4
    assert config_id([("a.lr", 0.1)]) == config_id([("a.lr", 0.1)]) != config_id([("c.lr", 0.1)])
    assert config_id([]) == "base"


@pytest.mark.slow
def test_ray_backend_gives_the_same_runs_as_local(tmp_path, ray_address):
    import ray

    spec = frozen_lake(tmp_path)
    common = ("sweep", "-c", spec, "--seeds", "0-2", *GRID, "--jobs", "2")
    local = run_cli(*common, "--name", "local", cwd=tmp_path)
    assert local.returncode == 0, local.stderr
    on_ray = run_cli(*common, "--name", "ray", "--backend", "ray", "--address", ray_address, cwd=tmp_path)
    assert on_ray.returncode == 0, on_ray.stderr
    assert ray.cluster_resources()["CPU"] == 2  # the joined Ray is left running
    columns = ("episode", "global_step", "return", "length")
    local_runs, ray_runs = run_folders(tmp_path / "sweeps" / "local"), run_folders(tmp_path / "sweeps" / "ray")
    assert len(ray_runs) == 6 and [run.relative_to(run.parents[2]) for run in ray_runs] == \
        [run.relative_to(run.parents[2]) for run in local_runs]
    for here, there in zip(local_runs, ray_runs):
        assert run_json(there)["status"] == "finished"
        assert [[row[c] for c in columns] for row in read_csv(here / "episodes.csv")] == \
            [[row[c] for c in columns] for row in read_csv(there / "episodes.csv")]
    assert [row["n"] for row in read_csv(tmp_path / "sweeps" / "ray" / "aggregate.csv")] == ["3", "3"]


@pytest.mark.slow
@pytest.mark.parametrize("number, code", [(signal.SIGTERM, 143), (signal.SIGINT, 130)])
def test_a_signal_reaches_runs_on_ray_and_the_sweep_continues(tmp_path, ray_address, number, code):
    # long enough that neither run ends before both checkpointed (4000 episodes: seed 0 once did, on a quiet machine)
    spec = frozen_lake(tmp_path, max_episodes=20000, episodes_per_eval=None, episodes_per_checkpoint=200)
    command = ["sweep", "-c", str(spec), "--seeds", "0-1", "--backend", "ray", "--address", ray_address]
    driver = subprocess.Popen([GYM_LOOP, *command], cwd=tmp_path, stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True)
    runs = [tmp_path / "sweeps" / "fl" / "runs" / "base" / f"seed-{seed}" for seed in (0, 1)]
    _wait_for(lambda: all((run / "checkpoints" / "latest").exists() for run in runs))
    driver.send_signal(number)
    _, stderr = driver.communicate(timeout=120)
    assert driver.returncode == code, stderr
    assert all(run_json(run)["status"] == "interrupted" for run in runs)
    again = run_cli(*command, cwd=tmp_path)
    assert again.returncode == 0, again.stderr
    for run in runs:
        assert run_json(run)["status"] == "finished"
        assert [int(row["episode"]) for row in read_csv(run / "episodes.csv")] == list(range(20000))


def test_runs_ls_shows_the_seconds_trained_not_the_wall_clock(tmp_path):
    spec = frozen_lake(tmp_path, max_episodes=3000, episodes_per_eval=None, episodes_per_checkpoint=100)
    run = tmp_path / "runs" / "one"
    train = subprocess.Popen([GYM_LOOP, "train", "-c", str(spec), "--run-dir", str(run)], cwd=tmp_path,
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _wait_for(lambda: (run / "checkpoints" / "latest").exists())
    train.send_signal(signal.SIGINT)
    assert train.wait(timeout=120) == 130
    time.sleep(2)  # between the attempts: not training
    assert run_cli("train", "--resume", run, cwd=tmp_path).returncode == 0
    trained = float(read_csv(run / "episodes.csv")[-1]["seconds"])
    [row] = json.loads(run_cli("runs", "ls", "--format", "json", cwd=tmp_path).stdout)
    assert row["status"] == "finished" and row["train_seconds"] == trained
    assert "train_seconds" in run_cli("runs", "ls", cwd=tmp_path).stdout.splitlines()[1].split()

    gone = subprocess.Popen([sys.executable, "-c", "pass"])  # now as if it had died at its last episode
    gone.wait()
    record = run_json(run)
    record.update(status="running", pid=gone.pid, host=os.uname().nodename, ended=None,
                  started="2020-01-01T00:00:00+0000")
    (run / "run.json").write_text(json.dumps(record))
    [row] = json.loads(run_cli("runs", "ls", "--format", "json", cwd=tmp_path).stdout)
    assert row["status"] == "died" and row["train_seconds"] == trained


@pytest.mark.parametrize("where", ["before", "after"])
def test_quiet_sweep_prints_no_summary(tmp_path, where):
    spec = frozen_lake(tmp_path, max_episodes=2, episodes_per_eval=2)  # next7: 2 < 6 is refused
    args = ["sweep", "-c", spec, "--seeds", "0"]
    result = run_cli(*(["-q", *args] if where == "before" else [*args, "-q"]), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout == ""
    assert "INFO" not in result.stderr
    assert (tmp_path / "sweeps" / "fl" / "aggregate.csv").is_file()


@pytest.mark.parametrize("name", [".", "", "..", "../x", "a/b", "/abs"])
def test_a_sweep_name_is_one_folder_name(tmp_path, name):
    spec = frozen_lake(tmp_path, max_episodes=2, episodes_per_eval=2)  # next7: 2 < 6 is refused
    name = str(tmp_path / "abs") if name == "/abs" else name
    result = run_cli("sweep", "-c", spec, "--seeds", "0", "--sweeps-dir", "sx", "--name", name, cwd=tmp_path)
    assert result.returncode == 2, result.stderr
    assert result.stderr.strip().splitlines() == [
        f"Error: --name: {name!r} is not a folder name; give one name without '/', such as lake-lr "
        "(the folder goes under --sweeps-dir)"]
    assert sorted(path.name for path in tmp_path.iterdir()) == ["fl.yaml"]


def test_exponent_numbers_without_a_dot_are_numbers_in_a_grid(tmp_path):
    spec = frozen_lake(tmp_path, max_episodes=2, episodes_per_eval=2)  # next7: 2 < 6 is refused
    result = run_cli("sweep", "-c", spec, "--seeds", "0", "--grid", "agent.parameters.learning_rate=[1e-3,2E-1]",
                     "--dry-run", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "agent.parameters.learning_rate=0.001" in result.stdout
    assert "agent.parameters.learning_rate=0.2" in result.stdout


SLOW_START = '''import sys
import time
from pathlib import Path

if "train" in sys.argv:  # the run's process, not the sweep's check of the spec
    Path("importing").touch()
    time.sleep(60)  # a slow start-up: the run is stopped before it writes run.json

from gym_loop.agents.q_learning import QLearningAgent as Agent
'''


def test_a_run_stopped_during_start_up_is_interrupted_and_started_again(tmp_path):
    (tmp_path / "slow_agent.py").write_text(SLOW_START)
    spec = frozen_lake(tmp_path, max_episodes=2, episodes_per_eval=2)  # next7: 2 < 6 is refused
    command = ["sweep", "-c", str(spec), "--seeds", "0", "--set", "agent.class=slow_agent.py:Agent"]
    driver = subprocess.Popen([GYM_LOOP, *command], cwd=tmp_path, stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True)
    _wait_for(lambda: (tmp_path / "importing").exists())
    driver.send_signal(signal.SIGTERM)
    _, stderr = driver.communicate(timeout=120)
    assert driver.returncode == 143, stderr
    assert "died" not in stderr
    [entry] = json.loads((tmp_path / "sweeps" / "fl" / "state.json").read_text())["runs"].values()
    assert entry["status"] == "interrupted"
    plan = run_cli(*command, "--dry-run", cwd=tmp_path)
    assert plan.returncode == 0, plan.stderr
    assert re.search(r"base/seed-0\s+0\s+start", plan.stdout), plan.stdout


SLOW_INIT = '''import sys
import time
from pathlib import Path

from gym_loop.agents.q_learning import QLearningAgent


class Agent(QLearningAgent):
    def __init__(self, *args, **kwargs):
        if "train" in sys.argv:  # the run's process: its folder is locked, run.json not yet written
            Path("constructing").touch()
            time.sleep(30)
        super().__init__(*args, **kwargs)
'''


def _processes_with(text: str) -> list:
    found = []
    for proc in Path("/proc").iterdir():
        try:
            if text.encode() in (proc / "cmdline").read_bytes():
                found.append(int(proc.name))
        except (OSError, ValueError):
            continue
    return found


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="finds the run's process through /proc")
def test_a_run_still_starting_after_its_driver_was_killed_is_left_alone(tmp_path):
    (tmp_path / "slow_agent.py").write_text(SLOW_INIT)
    spec = frozen_lake(tmp_path, max_episodes=2, episodes_per_eval=2)  # next7: 2 < 6 is refused
    command = ["sweep", "-c", str(spec), "--seeds", "0", "--set", "agent.class=slow_agent.py:Agent"]
    driver = subprocess.Popen([GYM_LOOP, *command], cwd=tmp_path, stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL)
    run = tmp_path / "sweeps" / "fl" / "runs" / "base" / "seed-0"
    try:
        _wait_for(lambda: (tmp_path / "constructing").exists())
        driver.kill()
        driver.wait()
        plan = run_cli("sweep", "sweeps/fl", "--dry-run", cwd=tmp_path)
        assert re.search(r"base/seed-0\s+0\s+busy", plan.stdout), plan.stdout
        again = run_cli("sweep", "sweeps/fl", cwd=tmp_path)
        assert "base/seed-0 (running)" in again.stderr
        assert again.stderr.rstrip().endswith("the running ones belong to another process; when they end, "
                                              "continue with: gym-loop sweep sweeps/fl")
        assert (tmp_path / "sweeps" / "fl" / "logs" / "base" / "seed-0.log").read_text().count("$ gym-loop train") == 1
    finally:
        for pid in _processes_with(str(run)):
            os.kill(pid, signal.SIGKILL)


def test_string_values_are_plain_in_the_csv_files(tmp_path):
    spec = frozen_lake(tmp_path, max_episodes=2, episodes_per_eval=2)  # next7: 2 < 6 is refused
    result = run_cli("-q", "sweep", "-c", spec, "--seeds", "0", "--grid", "env.name=[FrozenLake-v1]",
                     "--grid", "loop.parameters.max_episode_len=[50, null]", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    for name in ("configs.csv", "aggregate.csv"):
        rows = read_csv(tmp_path / "sweeps" / "fl" / name)
        assert [row["env.name"] for row in rows] == ["FrozenLake-v1", "FrozenLake-v1"]
        assert [row["loop.parameters.max_episode_len"] for row in rows] == ["50", "null"]


def test_an_env_keyword_the_env_does_not_take_is_refused_before_anything_is_created(tmp_path):
    spec = frozen_lake(tmp_path, max_episodes=2, episodes_per_eval=2)  # next7: 2 < 6 is refused
    result = run_cli("sweep", "-c", spec, "--seeds", "0", "--grid", "env.parameters.is_slipery=[true,false]",
                     "--dry-run", cwd=tmp_path)
    assert result.returncode == 2, result.stderr
    [line] = [line for line in result.stderr.strip().splitlines() if not line.startswith("WARNING")]
    assert line.startswith("Error: env.parameters.is_slipery: FrozenLake-v1 takes no such argument; did you mean "
                           "'is_slippery'?")  # fix8a
    assert line.endswith("(config is_slipery=true-" + config_id([("env.parameters.is_slipery", True)])[-6:] + ")")
    assert not (tmp_path / "sweeps").exists()


ALIAS_BOMB = "a: &a [x, x, x, x, x, x, x, x, x, x]\n" + "".join(
    f"{name}: &{name} [{', '.join([f'*{before}'] * 10)}]\n" for before, name in zip("abcde", "bcdef")
) + "loop: {parameters: {episodes_csv: *f}}\n"  # a million values when walked


HOSTILE_SPECS = [
    (ALIAS_BOMB, "spec.yaml:5:44: its aliases expand to more than 100,000 values"),
    ("loop: " + "[" * 10_000 + "]" * 10_000 + "\n", "spec.yaml:1:"),
    ("#" * 1_000_001, "spec.yaml is larger than 1,000,000 bytes"),
]


def test_a_hostile_spec_in_a_run_folder_is_one_line_for_runs_ls_aggregate_and_plot(tmp_path):
    spec = frozen_lake(tmp_path, max_episodes=2, episodes_per_eval=None)
    assert run_cli("sweep", "-c", spec, "--seeds", "0-1", cwd=tmp_path).returncode == 0
    for text, words in HOSTILE_SPECS:
        (tmp_path / "sweeps/fl/runs/base/seed-1/spec.yaml").write_text(text)
        listed = run_cli("runs", "ls", "sweeps/fl", "--format", "csv", cwd=tmp_path)
        assert listed.returncode == 0, listed.stderr
        assert [row["episodes"] for row in read_csv_text(listed.stdout)] == ["2", ""]
        [warning] = listed.stderr.splitlines()
        assert warning.startswith("WARNING: sweeps/fl/runs/base/seed-1/") and words in warning
        assert warning.endswith("(to leave that run out, move its folder elsewhere)")
        for command in (("aggregate", "sweeps/fl", "--score", "last-100"), ("plot", "sweeps/fl", "--table")):
            result = run_cli(*command, cwd=tmp_path)
            assert result.returncode == 2, result.stderr
            [error] = result.stderr.splitlines()
            assert error.startswith("Error: ") and words in error
def test_a_final_evaluation_before_the_end_of_training_is_warned_of(tmp_path):
    spec = frozen_lake(tmp_path, max_episodes=5, episodes_per_eval=5)
    result = run_cli("sweep", "-c", spec, "--seeds", "0", "--grid", "loop.parameters.max_episodes=[5,7]",
                     "--dry-run", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    warnings = [line for line in result.stderr.splitlines() if line.startswith("WARNING")]
    assert warnings == [f"WARNING: config {config_id([('loop.parameters.max_episodes', 7)])}: its final evaluation "
                        "is after 5 of 7 episodes (max_episodes is not a multiple of episodes_per_eval); make it one "
                        "to score the end of training"]
