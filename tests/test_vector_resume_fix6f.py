"""A VectorLoop resume says it will not equal an uninterrupted run (its sub-envs' episodes in progress start over),
and keeps the record whole; a DefaultLoop resume, exact, says nothing of the kind."""

import csv
import json

import pytest

from conftest import make_spec, run_cli, write_spec

VECTOR_LOOP = "gym_loop.loops.vector_loop:VectorLoop"
WARNING = ("WARNING: VectorLoop resumes its counters, the agent and the run's generators, not the 3 sub-envs' "
           "episodes in progress at the checkpoint (a vector env's state cannot be saved): they start over, so "
           "this run will not equal one never interrupted")


def vector_spec(tmp_path, loop_class):
    spec = {**make_spec(max_episodes=6, episodes_per_checkpoint=3, episodes_per_eval=3), "seed": 4}
    spec["loop"]["class"] = loop_class
    if loop_class == VECTOR_LOOP:
        spec["loop"]["parameters"].update(num_envs=3, vectorization_mode="sync", vector_kwargs={})
    return write_spec(tmp_path / "vec.yaml", spec)


@pytest.mark.parametrize("loop_class", [VECTOR_LOOP, "gym_loop.loops.default_loop:DefaultLoop"])
def test_only_a_vector_loop_resume_warns_that_it_will_not_equal_an_uninterrupted_run(tmp_path, loop_class):
    vector_spec(tmp_path, loop_class)
    first = run_cli("train", "-c", "vec.yaml", "--run-dir", "run", cwd=tmp_path)
    assert first.returncode == 0, first.stderr
    assert "will not equal" not in first.stderr  # a new run is no resume
    resumed = run_cli("train", "--resume", "run", "--set", "loop.parameters.max_episodes=12", cwd=tmp_path)
    assert resumed.returncode == 0, resumed.stderr
    if loop_class == VECTOR_LOOP:
        assert resumed.stderr.splitlines().count(WARNING) == 1, resumed.stderr
    else:
        assert "will not equal" not in resumed.stderr
    # The record goes on whole: every episode once, steps never going back, an evaluation every 3 episodes.
    with open(tmp_path / "run/episodes.csv") as file:
        episodes = list(csv.DictReader(file))
    assert [int(row["episode"]) for row in episodes] == list(range(12))
    steps = [int(row["global_step"]) for row in episodes]
    assert steps == sorted(steps)
    with open(tmp_path / "run/evals.csv") as file:
        assert [int(row["episode"]) for row in csv.DictReader(file)] == [3, 6, 9, 12]
    record = json.loads((tmp_path / "run/run.json").read_text())
    assert record["status"] == "finished" and len(record["resumed"]) == 1


def test_a_sweep_resuming_vector_loop_runs_warns_once(tmp_path):
    vector_spec(tmp_path, VECTOR_LOOP)
    made = run_cli("sweep", "-c", "vec.yaml", "--seeds", "0-1", cwd=tmp_path)
    assert made.returncode == 0, made.stderr
    assert "will not equal" not in made.stderr
    for seed in (0, 1):  # as a stop after episode 3 leaves them (the rows after the checkpoint are dropped on resume)
        run = tmp_path / f"sweeps/vec/runs/base/seed-{seed}"
        (run / "checkpoints/latest").write_text("agent-000003")
        record = json.loads((run / "run.json").read_text())
        record.update(status="interrupted", reason="interrupted after episode 3 of 6")
        (run / "run.json").write_text(json.dumps(record))
    continued = run_cli("sweep", "sweeps/vec", cwd=tmp_path)
    assert continued.returncode == 0, continued.stderr
    warning = ("WARNING: 2 VectorLoop run(s) of this sweep resume from a checkpoint: their sub-envs' episodes in "
               "progress start over (a vector env's state cannot be saved), so the sweep will not equal one that "
               "ran through")
    assert continued.stderr.splitlines().count(warning) == 1, continued.stderr
    assert WARNING in (tmp_path / "sweeps/vec/logs/base/seed-0.log").read_text()
    again = run_cli("sweep", "sweeps/vec", cwd=tmp_path)  # nothing to resume now: no warning
    assert again.returncode == 0 and "will not equal" not in again.stderr, again.stderr
