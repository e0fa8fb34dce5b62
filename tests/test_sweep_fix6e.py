"""gym-loop sweep, aggregate and plot after the defects new users met (tester6c): one order of runs."""

import csv

import numpy as np
import pytest

from conftest import make_spec, run_cli, write_spec
from gym_loop.stats import bootstrap_ci, iqm


def read_csv(path):
    with open(path, newline="") as handle:
        return list(csv.DictReader(handle))


@pytest.mark.slow
def test_the_intervals_take_the_runs_by_seed_whatever_the_order_seeds_and_folders_are_listed_in(tmp_path):
    """Seeds listed 12,11,10,3,2,1 (the manifest's order) and read as seed-1, seed-10, ... (the folders' order) gave
    aggregate and plot --table other intervals of the same runs; both now take them by seed, 1 to 12."""
    pytest.importorskip("matplotlib")
    write_spec(tmp_path / "cart.yaml", make_spec(max_episodes=2, episodes_per_eval=2, eval_episodes=2))
    swept = run_cli("sweep", "-c", "cart.yaml", "--seeds", "12,11,10,3,2,1", "--jobs", "2", cwd=tmp_path)
    assert swept.returncode == 0, swept.stderr
    scores = {int(row["seed"]): float(row["score"]) for row in read_csv(tmp_path / "sweeps/cart/scores.csv")}
    assert len(set(scores.values())) == 6, scores  # the runs differ, so their order could matter
    by_seed = np.array([scores[seed] for seed in sorted(scores)])
    expected = {"iqm": bootstrap_ci(by_seed, iqm), "mean": bootstrap_ci(by_seed, np.mean)}
    shown = run_cli("aggregate", "sweeps/cart", "--format", "csv", cwd=tmp_path)
    assert shown.returncode == 0, shown.stderr
    table = run_cli("plot", "sweeps/cart", "--table", cwd=tmp_path)
    assert table.returncode == 0, table.stderr
    for row in (read_csv(tmp_path / "sweeps/cart/aggregate.csv")[0], list(csv.DictReader(shown.stdout.splitlines()))[0]):
        for metric, (low, high) in expected.items():
            assert (float(row[f"{metric}_low"]), float(row[f"{metric}_high"])) == pytest.approx((low, high), abs=1e-3)
            assert f"{float(row[metric]):.3f} [{low:.3f}, {high:.3f}]" in table.stdout, table.stdout
