"""The seams drivers of many runs build on: evals.csv, --run-dir, schedule rules that stop a run."""

import csv
import json

from conftest import make_spec, run_cli, write_spec

from gym_loop.gym_loop import train_agent
from gym_loop.schedule import Stop


class StopBelow:
    """Prunes the run at the first evaluation whose mean return is below ``threshold``; counts its calls."""

    def __init__(self, threshold: float):
        self.threshold = threshold
        self.calls = []

    def after_evaluation(self, episode: int, global_step: int, mean_return: float):
        self.calls.append((episode, global_step, mean_return))
        if mean_return < self.threshold:
            return Stop("pruned", f"mean return {mean_return} < {self.threshold}")
        return None


def _rows(path):
    with path.open(newline="") as file:
        return list(csv.DictReader(file))


def test_periodic_evaluations_reach_evals_csv_and_run_dir_is_exact(tmp_path):
    spec = write_spec(tmp_path / "spec.yaml", {**make_spec(max_episodes=6, episodes_per_eval=2), "seed": 3})
    result = run_cli("train", "-c", spec, "--run-dir", "sweep/runs/a/seed-3", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    run = tmp_path / "sweep/runs/a/seed-3"
    rows = _rows(run / "evals.csv")
    assert [int(row["episode"]) for row in rows] == [2, 4, 6]
    steps = {int(row["episode"]) + 1: int(row["global_step"]) for row in _rows(run / "episodes.csv")}
    assert [int(row["global_step"]) for row in rows] == [steps[2], steps[4], steps[6]]
    for row in rows:
        assert float(row["min_return"]) <= float(row["mean_return"]) <= float(row["max_return"])
        assert float(row["mean_length"]) > 0


def test_run_dir_that_holds_files_is_refused(tmp_path):
    spec = write_spec(tmp_path / "spec.yaml", make_spec())
    (tmp_path / "taken").mkdir()
    (tmp_path / "taken" / "notes.txt").write_text("mine")
    result = run_cli("train", "-c", spec, "--run-dir", "taken", cwd=tmp_path)
    assert result.returncode == 2
    assert "--run-dir: " in result.stderr and "not an empty folder" in result.stderr
    assert (tmp_path / "taken" / "notes.txt").read_text() == "mine"


def test_a_rule_stops_the_run_with_its_status_after_a_checkpoint(tmp_path):
    rule = StopBelow(threshold=1e9)
    spec = {**make_spec(max_episodes=10, episodes_per_eval=2), "seed": 1}
    summary = train_agent(spec, run_dir=tmp_path / "run", extra_rules=[rule])
    assert summary.episodes == 2 and len(rule.calls) == 1
    record = json.loads((tmp_path / "run" / "run.json").read_text())
    assert record["status"] == "pruned" and record["reason"].startswith("mean return")
    assert (tmp_path / "run" / "checkpoints" / "latest").exists()
    assert len(_rows(tmp_path / "run" / "episodes.csv")) == 2
