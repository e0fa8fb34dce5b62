"""Defects of the RL statistics found by tester8d: curves of solved runs, intervals from too few runs, a seed
counted twice, a run without run.json, profile steps, last-100 of solved runs, the table's digits."""

import csv
import json
from pathlib import Path
from typing import Dict, List, Optional, Sequence, Tuple

import numpy as np
import pytest
from conftest import make_spec, run_cli, write_spec

SOLVED = "solved after {}: evaluation mean return 480.00 >= 475.0"


def fake_run(folder: Path, seed: int, evals: Sequence[Tuple[int, float]], reason: str = "",
             status: str = "finished", spec: Optional[Dict] = None) -> Path:
    """A run folder as train leaves it: spec.yaml, run.json, evals.csv, and one training episode of 10 steps
    (return = the evaluation's) per episode up to the last evaluation."""
    folder.mkdir(parents=True)
    write_spec(folder / "spec.yaml", {**(spec or make_spec(episodes_per_eval=20, max_episodes=60)), "seed": seed})
    (folder / "run.json").write_text(json.dumps({"seed": seed, "status": status, "reason": reason}))
    with (folder / "evals.csv").open("w") as file:
        file.write("episode,global_step,mean_return,std_return,min_return,max_return,mean_length\n")
        file.writelines(f"{e},{e * 10},{r},0,{r},{r},10\n" for e, r in evals)
    returns = dict(evals)
    with (folder / "episodes.csv").open("w") as file:
        file.write("episode,global_step,return,length,seconds\n")
        last = 0.0
        for episode in range(max(e for e, _ in evals)):
            last = returns.get(episode + 1, last)
            file.write(f"{episode},{(episode + 1) * 10},{last},10,0.1\n")
    return folder


def rows(path: Path) -> List[Dict[str, str]]:
    with path.open(newline="") as file:
        return list(csv.DictReader(file))


def test_a_run_solved_on_its_threshold_is_held_at_its_last_value_to_the_configs_end(tmp_path):
    """tester8d-3: a run that met reward_threshold stopped at its best; the curve no longer falls when it leaves."""
    runs = tmp_path / "runs"
    fake_run(runs / "a", 0, [(20, 480.0)], SOLVED.format("20 episodes"))
    fake_run(runs / "b", 1, [(20, 100.0), (40, 200.0), (60, 300.0)], "")
    fake_run(runs / "c", 2, [(20, 50.0)], "interrupted by Ctrl-C", status="interrupted")  # not carried
    result = run_cli("plot", "runs", "--y", "eval", "--x", "episodes", "--agg", "mean", "--band", "none",
                     "-o", "c.png", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    by_x = {row["episodes"]: row for row in rows(tmp_path / "c.csv")}
    assert (by_x["20"]["n"], float(by_x["20"]["mean"])) == ("3", pytest.approx((480 + 100 + 50) / 3))
    assert (by_x["40"]["n"], float(by_x["40"]["mean"])) == ("2", pytest.approx((480 + 200) / 2))
    assert (by_x["60"]["n"], float(by_x["60"]["mean"])) == ("2", pytest.approx((480 + 300) / 2))
    assert "1 of 3 runs met reward_threshold before the end and are held at their last value" in result.stderr
    # the training curve too: the solved run's smoothed return is held to episode 60
    train = run_cli("plot", "runs", "--x", "episodes", "--smooth", "1", "--band", "none", "-o", "t.png",
                    cwd=tmp_path)
    assert train.returncode == 0, train.stderr
    last = [row for row in rows(tmp_path / "t.csv") if row["episodes"] == "60"]
    assert last[0]["n"] == "2" and float(last[0]["iqm"]) == pytest.approx((480 + 300) / 2)
