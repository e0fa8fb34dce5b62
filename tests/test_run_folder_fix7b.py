"""tester7c-5: a sweep's, a tune's or any folder of runs given where a run folder belongs is told as such (not as a run
folder that lost its run.json), with one of its runs to give instead."""

import pytest

from conftest import run_cli
from gym_loop.run_folder import RunFolder


def make_run(folder):
    folder.mkdir(parents=True)
    (folder / "spec.yaml").write_text("seed: 0\n")
    (folder / "run.json").write_text("{}")


@pytest.mark.parametrize("marker, runs, kind", [
    ("manifest.json", "runs/base/seed-0", "a sweep folder"),
    ("tune.json", "trials/0/seed-0", "a tune folder"),
    (None, "run-1", "a folder of runs"),
    (None, "trial/seed-3", "a folder of runs"),
])
def test_a_folder_of_runs_is_no_run_folder_that_lost_its_run_json(tmp_path, marker, runs, kind):
    (tmp_path / "spec.yaml").write_text("seed: 0\n")  # as a sweep, a tune and a tune's trial have
    if marker:
        (tmp_path / marker).write_text("{}")
    make_run(tmp_path / runs)
    make_run(tmp_path / runs.replace("-", "-9"))  # the first in sorted order is given
    assert RunFolder.problem(tmp_path) == (f"{tmp_path} is {kind}, not a run folder; give one of its runs, "
                                           f"e.g. {tmp_path / runs}")


def test_a_sweep_folder_without_runs_yet_is_still_a_sweep_folder(tmp_path):
    (tmp_path / "manifest.json").write_text("{}")
    (tmp_path / "spec.yaml").write_text("seed: 0\n")
    assert RunFolder.problem(tmp_path) == f"{tmp_path} is a sweep folder, not a run folder; give one of its runs"


def test_a_run_folder_that_lost_its_run_json_is_still_told_so(tmp_path):
    (tmp_path / "spec.yaml").write_text("seed: 0\n")
    (tmp_path / "checkpoints" / "agent-000001").mkdir(parents=True)
    assert "has no run.json (deleted?)" in RunFolder.problem(tmp_path)


@pytest.mark.parametrize("command", [["eval", "--run"], ["train", "--resume"]])
def test_the_documented_row(tmp_path, command):
    sweep = tmp_path / "sweeps" / "sw"
    make_run(sweep / "runs" / "base" / "seed-0")
    (sweep / "manifest.json").write_text("{}")
    (sweep / "spec.yaml").write_text("seed: 0\n")
    result = run_cli(*command, "sweeps/sw", cwd=tmp_path)
    assert (result.returncode, result.stderr) == (2, (
        f"Error: Invalid value for '{command[1]}': sweeps/sw is a sweep folder, not a run folder; give one of its "
        f"runs, e.g. sweeps/sw/runs/base/seed-0 (see gym-loop {command[0]} --help)\n"))


# tester7c-13: a run.json without its "resumed" list (edited by hand, or a tool's rewrite)
def test_a_run_json_without_its_resumed_list_resumes(tmp_path):
    import json

    from conftest import make_spec, only_run, write_spec

    write_spec(tmp_path / "run.yaml", make_spec(max_episodes=1, episodes_per_eval=None))
    assert run_cli("train", "-c", "run.yaml", cwd=tmp_path).returncode == 0
    run = only_run(tmp_path)
    record = json.loads((run / "run.json").read_text())
    del record["resumed"]
    (run / "run.json").write_text(json.dumps(record))
    resumed = run_cli("train", "--resume", run, "--set", "loop.parameters.max_episodes=2", cwd=tmp_path)
    assert resumed.returncode == 0, resumed.stderr
    assert len(json.loads((run / "run.json").read_text())["resumed"]) == 1
    record["resumed"] = "yesterday"
    (run / "run.json").write_text(json.dumps(record))
    assert RunFolder.problem(run) == (f"{run}/run.json is not a run record (its resumed is not a list); restore it "
                                      "from a copy of the run")
