"""Defects of sweep and tune found by new users (tester4b), through the console script with tiny budgets."""

import json
import shutil
from pathlib import Path

import pytest
import yaml

from conftest import run_cli
from test_sweep import read_csv
from test_sweep_fixes import frozen_lake


def edit(path: Path, **parameters) -> None:
    """Set loop parameters of the spec at ``path`` (a sweep's spec.yaml, a run's) as a user's editor would."""
    text = path.read_text()
    lines = [line for line in text.splitlines() if not line.startswith("# gym-loop sha256")]
    spec = yaml.safe_load("\n".join(lines))
    spec["loop"]["parameters"].update(parameters)
    path.write_text(yaml.safe_dump(spec))


def test_continuing_a_sweep_whose_spec_yaml_was_edited_is_refused_before_a_run_starts(tmp_path):
    spec = frozen_lake(tmp_path)
    assert run_cli("sweep", "-c", spec, "--seeds", "0", "--grid", "agent.parameters.discount=[0.9,0.99]",
                   cwd=tmp_path).returncode == 0
    sweep = tmp_path / "sweeps" / "fl"
    text = (sweep / "spec.yaml").read_text().replace("discount: 0.99", "discount: 0.5")  # a key every config sets
    (sweep / "spec.yaml").write_text(text)
    assert run_cli("sweep", "sweeps/fl", cwd=tmp_path).returncode == 0  # nothing that matters changed
    edit(sweep / "spec.yaml", max_episodes=6)
    shutil.rmtree(next(sweep.glob("runs/*/seed-0")))  # the same command starts it again
    for args in (("sweep", "sweeps/fl", "--add-seeds", "1"), ("sweep", "sweeps/fl", "--add-seeds", "1", "--dry-run"),
                 ("sweep", "-c", spec, "--seeds", "0", "--grid", "agent.parameters.discount=[0.9,0.99]")):
        result = run_cli(*args, cwd=tmp_path)
        assert result.returncode == 2, result.stderr
        assert ("Error: sweeps/fl/spec.yaml was changed since the sweep was made (loop.parameters.max_episodes 6, "
                "was 4): its new runs would mix two specs in one config; restore it") in result.stderr
        assert "gym-loop sweep -c sweeps/fl/spec.yaml --name NEW" in result.stderr
        assert "Traceback" not in result.stderr
    assert not list(sweep.glob("runs/*/seed-1")) and len(list(sweep.glob("runs/*/seed-0"))) == 1
    assert json.loads((sweep / "manifest.json").read_text())["seeds"] == [0]


def test_a_run_extended_by_hand_inside_a_sweep_is_named_when_the_sweep_is_continued_or_aggregated(tmp_path):
    spec = frozen_lake(tmp_path)
    assert run_cli("sweep", "-c", spec, "--seeds", "0-1", cwd=tmp_path).returncode == 0
    quiet = run_cli("aggregate", "sweeps/fl", cwd=tmp_path)
    assert "other values" not in quiet.stderr
    run = tmp_path / "sweeps" / "fl" / "runs" / "base" / "seed-1"
    result = run_cli("train", "--resume", run, "--set", "loop.parameters.max_episodes=6", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    warning = ("1 run(s) of sweep sweeps/fl ran with other values than their config's (e.g. base/seed-1: "
               "loop.parameters.max_episodes 6, planned 4), changed by hand")
    for args in (("sweep", "sweeps/fl"), ("aggregate", "sweeps/fl")):
        result = run_cli(*args, cwd=tmp_path)
        assert result.returncode == 0, result.stderr
        assert warning in result.stderr
        assert "move its folder out of the sweep and continue the sweep" in result.stderr


def test_a_finished_run_whose_run_json_is_damaged_is_recovered_as_finished_not_resumed(tmp_path):
    spec = frozen_lake(tmp_path)
    assert run_cli("sweep", "-c", spec, "--seeds", "0-1", cwd=tmp_path).returncode == 0
    sweep = tmp_path / "sweeps" / "fl"
    run = sweep / "runs" / "base" / "seed-1"
    episodes = (run / "episodes.csv").read_text()
    (run / "run.json").write_text("{")
    assert "base/seed-1  1     recover" in run_cli("sweep", "sweeps/fl", "--dry-run", cwd=tmp_path).stdout
    for _ in range(2):
        result = run_cli("sweep", "sweeps/fl", cwd=tmp_path)
        assert result.returncode == 0, result.stderr
        assert "sweep sweeps/fl: 2 of 2 runs finished" in result.stdout
    assert result.stderr.count("run.json cannot be read") == 0  # recovered once, by the first
    record = json.loads((run / "run.json").read_text())
    assert record["status"] == "finished" and record["seed"] == 1
    assert (run / "run.json.unreadable").read_text() == "{"
    assert (run / "episodes.csv").read_text() == episodes  # not trained again
    assert [row["n"] for row in read_csv(sweep / "aggregate.csv")] == ["2"]


OUTSIDE = "is outside the run folder; a run writes only inside its folder (give a relative path such as ./name"


def test_sweep_and_tune_refuse_what_train_refuses_a_loop_path_outside_the_run_folder_before_anything_is_made(
        tmp_path):
    outside = str(tmp_path / "elsewhere" / "ck")
    spec = frozen_lake(tmp_path, checkpoint_dir=outside)
    for args in ((), ("--dry-run",)):
        result = run_cli("sweep", "-c", spec, "--seeds", "0-1", *args, cwd=tmp_path)
        assert result.returncode == 2, result.stderr
        assert f"Error: loop.parameters.checkpoint_dir: '{outside}' {OUTSIDE}" in result.stderr
        assert result.stderr.rstrip().endswith("(config base)")
    result = run_cli("sweep", "-c", frozen_lake(tmp_path, "ok.yaml"), "--seeds", "0",
                     "--grid", f"loop.parameters.checkpoint_dir=[./ck, {outside}]", cwd=tmp_path)
    assert result.returncode == 2 and OUTSIDE in result.stderr
    assert not (tmp_path / "sweeps").exists()
    pytest.importorskip("optuna")
    space = tmp_path / "space.yaml"
    space.write_text(yaml.safe_dump({"agent.parameters.discount": {"float": [0.9, 0.99]}}))
    result = run_cli("tune", "-c", spec, "--space", space, "--trials", "1", cwd=tmp_path)
    assert result.returncode == 2 and f"Error: loop.parameters.checkpoint_dir: '{outside}' {OUTSIDE}" in result.stderr
    space.write_text(yaml.safe_dump({"loop.parameters.checkpoint_dir": {"categorical": ["./ck", outside]}}))
    result = run_cli("tune", "-c", frozen_lake(tmp_path, "ok.yaml"), "--space", space, "--trials", "1", cwd=tmp_path)
    assert result.returncode == 2
    assert f"Error: space.loop.parameters.checkpoint_dir: '{outside}' {OUTSIDE}" in result.stderr
    assert not (tmp_path / "tunes").exists() and not (tmp_path / "elsewhere").exists()


def test_runs_dir_is_refused_as_a_sweep_axis_or_setting_and_in_a_tune_space_it_would_do_nothing(tmp_path):
    spec = frozen_lake(tmp_path)
    for args in (("--grid", "runs_dir=[ra,rb]"), ("--zip", "runs_dir,agent.parameters.discount=[[ra,0.9],[rb,0.5]]"),
                 ("--set", "runs_dir=ra")):
        result = run_cli("sweep", "-c", spec, "--seeds", "0", *args, "--dry-run", cwd=tmp_path)
        assert result.returncode == 2, result.stderr
        assert (f"Error: {args[0]}: runs_dir: a sweep makes each run in its own folder (runs/<config>/seed-<s>), so "
                "runs_dir would change nothing; leave it out (--sweeps-dir says where the sweep goes)") in result.stderr
    pytest.importorskip("optuna")
    space = tmp_path / "space.yaml"
    space.write_text(yaml.safe_dump({"runs_dir": {"categorical": ["ra", "rb"]}}))
    result = run_cli("tune", "-c", spec, "--space", space, "--trials", "1", cwd=tmp_path)
    assert result.returncode == 2
    assert ("Error: space.runs_dir: a tune makes each trial's runs in its own folder (trials/<n>/seed-<s>), so "
            "runs_dir would change nothing; leave it out of the space") in result.stderr
    assert not (tmp_path / "sweeps").exists() and not (tmp_path / "tunes").exists()


def test_a_step_budget_that_scores_before_the_end_is_warned_of(tmp_path):
    spec = frozen_lake(tmp_path, max_episodes=1000, max_steps=30)
    result = run_cli("sweep", "-c", spec, "--seeds", "0", "--dry-run", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert ("WARNING: config base: it stops at max_steps 30, after whichever episode reaches it, and evaluates after "
            "every 2 episodes: a run whose first 2 episodes take 30 steps or more ends before its first evaluation "
            "and gets no score, and another's final evaluation can be up to 1 episode before the end of training; "
            "to score the end, give a budget in episodes") in result.stderr
    plain = run_cli("sweep", "-c", frozen_lake(tmp_path, "ok.yaml", max_steps=30, episodes_per_eval=1), "--seeds", "0",
                    "--dry-run", cwd=tmp_path)
    assert "WARNING" not in plain.stderr  # evaluated after every episode: the last one too
    # A tune's runs evaluate after their last episode (tests/test_tune_budgets.py): nothing to warn of there.


def test_add_seeds_announces_the_seeds_only_once_they_are_added(tmp_path):
    import subprocess
    import sys

    from test_sweep_fixes import HOLD_LOCK

    spec = frozen_lake(tmp_path)
    assert run_cli("sweep", "-c", spec, "--seeds", "0", cwd=tmp_path).returncode == 0
    holder = subprocess.Popen([sys.executable, "-c", HOLD_LOCK, str(tmp_path / "sweeps" / "fl" / "lock")],
                              stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "held"
        result = run_cli("sweep", "sweeps/fl", "--add-seeds", "1", cwd=tmp_path)
        assert result.returncode == 3, result.stderr
        assert "Error: sweep sweeps/fl is in use by" in result.stderr
        assert "seed(s) 1" not in result.stderr
    finally:
        holder.kill()
        holder.wait()
    assert "seed(s) 1" not in run_cli("sweep", "sweeps/fl", "--add-seeds", "1", "--dry-run", cwd=tmp_path).stderr
    result = run_cli("sweep", "sweeps/fl", "--add-seeds", "1", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "INFO: added seed(s) 1 to every config of sweep sweeps/fl" in result.stderr


class LateStopBackend:
    """The local backend, but each run's process is reported ended by SIGINT (-2), as a Ctrl-C passed on
    while a run exits after finishing makes it; counts the runs it started."""

    name = "late-stop"

    def __init__(self):
        from gym_loop.sweeps.launch import LocalBackend

        self.local, self.started = LocalBackend(), 0

    def start(self, job):
        self.started += 1
        return self.local.start(job)

    def wait(self, handles, timeout):
        return [(handle, -2) for handle, _ in self.local.wait(handles, timeout)]

    def signal(self, handles, number):
        self.local.signal(handles, number)

    def close(self):
        self.local.close()


def test_a_run_that_finished_before_the_stop_reached_it_is_recorded_finished_with_exit_0(tmp_path, monkeypatch,
                                                                                          caplog):
    import logging

    from gym_loop.sweeps.sweep import Request, decide, execute, plan

    monkeypatch.chdir(tmp_path)
    spec = frozen_lake(tmp_path)
    the_plan = plan(Request(spec=spec, seeds="0"))
    decide(the_plan, False)
    backend = LateStopBackend()
    with caplog.at_level(logging.INFO):
        outcome = execute(the_plan, backend, 1)
    assert backend.started == 1 and outcome.unfinished == []
    state = json.loads((tmp_path / "sweeps" / "fl" / "state.json").read_text())["runs"]
    assert (state["base/seed-0"]["status"], state["base/seed-0"]["exit_code"]) == ("finished", 0)
    assert "base/seed-0: finished (exit -2: the stop reached it after its end" in caplog.text
    assert not [record for record in caplog.records if record.levelno >= logging.WARNING and "seed-0" in
                record.getMessage()]


def test_sweep_wording_sweeps_dir_with_sweep_dir_seeds_in_another_order_zip_keys_and_configs_csv(tmp_path):
    spec = frozen_lake(tmp_path)
    grid = ("--grid", "agent.parameters.discount=[0.9,0.99]")
    assert run_cli("sweep", "-c", spec, "--seeds", "0-2", *grid, cwd=tmp_path).returncode == 0
    result = run_cli("sweep", "sweeps/fl", "--sweeps-dir", "elsewhere", cwd=tmp_path)
    assert result.returncode == 2
    assert "leave out --grid, --zip, --set, --name, --seeds and --sweeps-dir" in result.stderr
    again = run_cli("sweep", "-c", spec, "--seeds", "2,1,0", *grid, "--dry-run", cwd=tmp_path)
    assert again.returncode == 0, again.stderr  # the same seeds: the same sweep
    assert again.stdout.count(" skip ") == 6
    zipped = run_cli("sweep", "-c", spec, "--zip", "agent.parameters.discount,agent.parameters.discount=[[0.1,0.2]]",
                     "--dry-run", cwd=tmp_path)
    assert zipped.returncode == 2
    assert ("Error: --zip: agent.parameters.discount is given twice in agent.parameters.discount,"
            "agent.parameters.discount; give each key once") in zipped.stderr
    both = run_cli("sweep", "-c", spec, *grid, "--zip", "agent.parameters.discount,loop.parameters.max_episodes="
                   "[[0.5,2]]", "--dry-run", cwd=tmp_path)
    assert "Error: --zip: agent.parameters.discount is on more than one axis" in both.stderr
    configs = tmp_path / "sweeps" / "fl" / "configs.csv"
    text = configs.read_text()
    configs.write_text("garbage\n")
    result = run_cli("sweep", "sweeps/fl", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "sweeps/fl/configs.csv was missing or not the sweep's configs; written again" in result.stderr
    assert configs.read_text() == text


def test_an_env_that_fails_to_be_made_for_a_config_or_space_value_names_that_value(tmp_path):
    spec = frozen_lake(tmp_path)
    result = run_cli("sweep", "-c", spec, "--seeds", "0", "--grid", "env.parameters.map_name=[4x4,5x5]", "--dry-run",
                     cwd=tmp_path)
    assert result.returncode == 2, result.stderr  # a value the env refuses is a spec error (tester7c-8)
    assert ("Error: env.parameters: gymnasium.make(FrozenLake-v1) refused them: KeyError: '5x5'; fix the value "
            "(config map_name=5x5-" in result.stderr)
    pytest.importorskip("optuna")
    space = tmp_path / "space.yaml"
    space.write_text(yaml.safe_dump({"env.parameters.map_name": {"categorical": ["4x4", "5x5"]}}))
    result = run_cli("tune", "-c", spec, "--space", space, "--trials", "1", cwd=tmp_path)
    assert result.returncode == 2
    assert ("Error: env.parameters: gymnasium.make(FrozenLake-v1) refused them: KeyError: '5x5'; fix the value "
            "(space.env.parameters.map_name: \"5x5\")") in result.stderr
    assert not (tmp_path / "sweeps").exists() and not (tmp_path / "tunes").exists()
