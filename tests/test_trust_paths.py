"""The spec cannot destroy files (issue 16, point 6): a run writes only inside its folder, and a
checkpoint knows which run it belongs to."""

import json
import re
import shutil

import pytest

from conftest import make_spec, only_run, run_cli, write_spec
from test_errors_table import documented_rows


@pytest.fixture
def spec(tmp_path):
    write_spec(tmp_path / "run.yaml", make_spec(max_episodes=2, episodes_per_checkpoint=1))
    return "run.yaml"


def test_an_absolute_episodes_csv_does_not_overwrite_the_victim(tmp_path, spec):
    victim = tmp_path / "victim.txt"
    victim.write_text("precious\n")
    result = run_cli("train", "-c", spec, "--set", f"loop.parameters.episodes_csv={victim}", cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr.splitlines() == [f"Error: loop.parameters.episodes_csv: '{victim}' is outside the run folder; "
                                          "a run writes only inside its folder (give a relative path such as ./name; "
                                          "see docs/runs.rst)"]
    assert victim.read_text() == "precious\n"
    assert not (tmp_path / "runs").exists()


@pytest.mark.parametrize("key, value", [("checkpoint_dir", "../../shared"), ("record_dir", "~/videos"),
                                        ("episodes_csv", "logs/../../x.csv"), ("checkpoint_dir", "/tmp/ckpt")])
def test_paths_leaving_the_run_folder_are_refused(tmp_path, spec, key, value):
    result = run_cli("train", "-c", spec, "--set", f"loop.parameters.{key}={value}", cwd=tmp_path)
    assert result.returncode == 2
    assert f"loop.parameters.{key}: '{value}' is outside the run folder" in result.stderr
    assert not (tmp_path / "runs").exists()


@pytest.mark.parametrize("name", ["spec.yaml", "run.json", "./.lock"])
def test_no_parameter_may_name_the_run_folders_own_files(tmp_path, spec, name):
    result = run_cli("train", "-c", spec, "--set", f"loop.parameters.episodes_csv={name}", cwd=tmp_path)
    assert result.returncode == 2
    assert "is the run's own" in result.stderr


def test_paths_inside_the_run_folder_and_a_shared_tensorboard_dir_are_fine(tmp_path, spec):
    result = run_cli("-q", "train", "-c", spec, "--set", "loop.parameters.episodes_csv=data/../rows.csv",
                     "--set", f"loop.parameters.logdir={tmp_path / 'tensorboard'}", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert (only_run(tmp_path) / "rows.csv").is_file()
    assert list((tmp_path / "tensorboard").glob("events.out.tfevents.*"))


def two_runs(tmp_path, spec):
    for name in ("a", "b"):
        assert run_cli("-q", "train", "-c", spec, "--run-dir", f"runs/{name}", cwd=tmp_path).returncode == 0
    return tmp_path / "runs" / "a", tmp_path / "runs" / "b"


def run_id(run):
    return json.loads((run / "run.json").read_text())["id"]


def test_every_checkpoint_names_its_run(tmp_path, spec):
    a, b = two_runs(tmp_path, spec)
    assert run_id(a) != run_id(b)
    for run in (a, b):
        for checkpoint in (run / "checkpoints").glob("agent-*"):
            assert (checkpoint / "run-id").read_text().strip() == run_id(run)


def test_another_runs_checkpoint_is_never_resumed_nor_evaluated(tmp_path, spec):
    a, b = two_runs(tmp_path, spec)
    shutil.copytree(b / "checkpoints" / "agent-000002", a / "checkpoints" / "agent-000009")
    (a / "checkpoints" / "latest").write_text("agent-000009\n")
    (message,) = [message for what, _, message in documented_rows() if what == "resuming from another run's checkpoint"]
    pattern = re.escape(message).replace("agent\\-<n>", "agent-000009", 1).replace("agent\\-<n>", "agent-[0-9]+")
    pattern = pattern.replace("runs/run\\-<time>", "runs/a")  # the second agent-<n>: the run's own to use instead
    pattern = pattern.replace("<id>", "[0-9a-f]{32}", 1).replace("<id>", run_id(a))
    resumed = run_cli("train", "--resume", "runs/a", "--set", "loop.parameters.max_episodes=12", cwd=tmp_path)
    assert resumed.returncode == 1
    assert re.fullmatch(f"Error: {pattern}", resumed.stderr.splitlines()[-1]), resumed.stderr
    assert run_id(b) in resumed.stderr
    evaluated = run_cli("eval", "--run", "runs/a", cwd=tmp_path)
    assert evaluated.returncode == 1 and "was saved by another run" in evaluated.stderr
    chosen = run_cli("-q", "eval", "--run", "runs/a", "--checkpoint", str(b / "checkpoints" / "agent-000002"),
                     cwd=tmp_path)
    assert chosen.returncode == 2 and "--checkpoint: " in chosen.stderr  # eval -c RUN/spec.yaml loads it on purpose


def test_checkpoints_from_before_run_ids_still_resume(tmp_path, spec):
    a, _ = two_runs(tmp_path, spec)
    for marker in (a / "checkpoints").rglob("run-id"):
        marker.unlink()
    resumed = run_cli("-q", "train", "--resume", "runs/a", "--set", "loop.parameters.max_episodes=3", cwd=tmp_path)
    assert resumed.returncode == 0, resumed.stderr
    assert (a / "checkpoints" / "agent-000003" / "run-id").read_text().strip() == run_id(a)


def refused_before_any_folder(tmp_path, spec, *sets, run_dir="cl"):
    """Train with ``--set`` of each of ``sets``; the run must be refused before its folder is made."""
    overrides = [arg for value in sets for arg in ("--set", f"loop.parameters.{value}")]
    result = run_cli("train", "-c", spec, *overrides, "--run-dir", run_dir, cwd=tmp_path)
    assert result.returncode == 2, result.stderr
    assert not (tmp_path / run_dir).exists() and not (tmp_path / "runs").exists()
    (line,) = result.stderr.splitlines()
    return line


def test_two_path_parameters_naming_one_file_are_refused(tmp_path, spec):
    line = refused_before_any_folder(tmp_path, spec, "episodes_csv=./evals.csv", "episodes_per_eval=2")
    assert line == ("Error: loop.parameters.episodes_csv: './evals.csv' is also the path of "
                    "loop.parameters.evals_csv; give each path parameter its own path (see docs/runs.rst)")


def test_a_file_inside_the_checkpoint_dir_is_refused(tmp_path, spec):
    line = refused_before_any_folder(tmp_path, spec, "episodes_csv=checkpoints/latest")
    assert line == ("Error: loop.parameters.episodes_csv: 'checkpoints/latest' lies inside "
                    "loop.parameters.checkpoint_dir ('./checkpoints'), whose files the run writes and deletes; "
                    "give it a path outside that folder (see docs/runs.rst)")


def test_a_file_naming_a_folder_parameter_is_refused_up_front(tmp_path, spec):
    line = refused_before_any_folder(tmp_path, spec, "episodes_csv=logs")
    assert line == ("Error: loop.parameters.episodes_csv: 'logs' is also the path of loop.parameters.logdir; "
                    "give each path parameter its own path (see docs/runs.rst)")


@pytest.mark.parametrize("sets, first, second", [
    (["record_dir=./videos", "eval_record_dir=videos/."], "record_dir", "eval_record_dir"),
    (["evals_csv=./episodes.csv"], "evals_csv", "episodes_csv"),  # refused although evals.csv is never written
    (["checkpoint_dir=eval_logs"], "checkpoint_dir", "eval_logdir"),
    (["evals_csv=rows/evals.csv", "episodes_csv=rows"], "evals_csv", "episodes_csv"),  # a file inside a file
    (["checkpoint_dir=."], "episodes_csv", "checkpoint_dir"),  # the run folder itself as the checkpoint folder
])
def test_other_collisions_are_refused(tmp_path, spec, sets, first, second):
    line = refused_before_any_folder(tmp_path, spec, *sets)
    assert line.startswith(f"Error: loop.parameters.{first}: ") and f"loop.parameters.{second}" in line


def test_a_folder_in_a_folder_and_a_file_in_a_tensorboard_dir_are_fine(tmp_path, spec):
    result = run_cli("-q", "train", "-c", spec, "--set", "loop.parameters.eval_logdir=logs/eval",
                     "--set", "loop.parameters.episodes_csv=logs/episodes.csv", "--set", "loop.parameters.logdir=logs",
                     "--set", "loop.parameters.episodes_per_eval=1", "--set", "loop.parameters.eval_episodes=1",
                     cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    run = only_run(tmp_path)
    assert len((run / "logs" / "episodes.csv").read_text().splitlines()) == 3  # header and two episodes
    assert len((run / "evals.csv").read_text().splitlines()) == 3
