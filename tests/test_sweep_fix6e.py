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
            assert f"{float(row[metric]):.4g} [{low:.4g}, {high:.4g}]" in table.stdout, table.stdout


def test_probability_of_improvement_is_rliables_with_ties_a_half():
    from gym_loop.stats import improvement_ci, probability_of_improvement

    assert probability_of_improvement([1, 2], [2, 3]) == 0.125  # one tie of four pairs
    assert probability_of_improvement([3.0], [1.0, 2.0, 3.0]) == pytest.approx(5 / 6)
    assert improvement_ci([5, 6, 7, 8, 9, 10], [1, 2, 3, 4, 0, -1]) == (1.0, 1.0)  # 6 each: stats.min_runs()
    low, high = improvement_ci([1, 2, 3, 4, 5, 6], [1, 2, 3, 4, 5, 6], reps=1000, seed=3)
    assert low < 0.5 < high and (low, high) == improvement_ci([1, 2, 3, 4, 5, 6], [1, 2, 3, 4, 5, 6], reps=1000,
                                                              seed=3)
    with pytest.raises(ValueError):
        improvement_ci([], [1.0])


@pytest.mark.slow
def test_aggregate_vs_gives_each_configs_probability_of_improvement_with_its_interval(tmp_path):
    write_spec(tmp_path / "cart.yaml", make_spec(max_episodes=2, episodes_per_eval=2, eval_episodes=2))
    swept = run_cli("sweep", "-c", "cart.yaml", "--seeds", "0-5", "--grid", "loop.parameters.max_episode_len=[8,60]",
                    "--jobs", "2", cwd=tmp_path)
    assert swept.returncode == 0, swept.stderr
    scores = {}
    for row in read_csv(tmp_path / "sweeps/cart/scores.csv"):
        scores.setdefault(row["config"], []).append(float(row["score"]))
    short, long = sorted(scores, key=lambda config: sum(scores[config]))
    result = run_cli("aggregate", "sweeps/cart", "--vs", short, "--format", "csv", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    rows = {row["config"]: row for row in csv.DictReader(result.stdout.splitlines())}
    for config, row in rows.items():
        pairs = [(x > y) + 0.5 * (x == y) for x in scores[config] for y in scores[short]]
        assert row["vs"] == short and float(row["p_improvement"]) == pytest.approx(sum(pairs) / len(pairs))
        assert float(row["p_improvement_low"]) <= float(row["p_improvement"]) <= float(row["p_improvement_high"])
    assert float(rows[short]["p_improvement"]) == 0.5 and float(rows[long]["p_improvement"]) > 0.5
    table = run_cli("aggregate", "sweeps/cart", "--vs", short, cwd=tmp_path)
    assert table.stdout.splitlines()[0].split()[-4:] == ["vs", "p_improvement", "p_improvement_low",
                                                         "p_improvement_high"]
    wrong = run_cli("aggregate", "sweeps/cart", "--vs", "nope", cwd=tmp_path)
    assert wrong.returncode == 2 and wrong.stderr.strip() == (
        f"Error: --vs: no config 'nope' in this sweep; give one of its configs: {', '.join(rows)}")
    for evals in (tmp_path / "sweeps/cart/runs" / short).glob("seed-*/evals.csv"):  # no evaluation row: no score
        evals.write_text(evals.read_text().splitlines()[0] + "\n")
    unscored = run_cli("aggregate", "sweeps/cart", "--vs", short, cwd=tmp_path)
    assert unscored.returncode == 2 and unscored.stderr.strip().splitlines()[-1] == (
        f"Error: --vs: config {short} has no scored run yet, so no config can be compared with it; give another "
        "config, or continue the sweep first")
