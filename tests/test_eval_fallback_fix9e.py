"""eval --run of a read-only sweep run falls back to a folder named by its config too, so that the evaluations of
two configs' seed-0 do not mix in one ./seed-0-eval (tester9e-25)."""

from pathlib import Path

import gym_loop.run_paths
from conftest import make_spec
from gym_loop.run_paths import placed_for_eval
from gym_loop.spec import run_spec


def test_a_read_only_sweep_runs_evaluation_goes_to_a_folder_of_its_config(tmp_path, monkeypatch):
    monkeypatch.setattr(gym_loop.run_paths.os, "access", lambda path, mode: False)  # as on a read-only mount
    spec = run_spec(make_spec(max_episodes=1))
    for config in ("learning_rate=0.1-2902fc", "learning_rate=0.2-04b817"):
        run = tmp_path / "sweeps/a/runs" / config / "seed-0"
        placed = placed_for_eval(spec, run, None)
        assert Path(placed.loop.parameters["eval_logdir"]).parts[0] == f"{config}-seed-0-eval"
    placed = placed_for_eval(spec, tmp_path / "runs/base-20261201-000000", None)
    assert Path(placed.loop.parameters["eval_logdir"]).parts[0] == "base-20261201-000000-eval"
