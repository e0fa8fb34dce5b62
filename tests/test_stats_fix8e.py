"""aggregate's last-100 window and --vs interval against values computed here (tester8e-6, -9)."""

import csv

import numpy as np
import pytest

from conftest import make_spec, run_cli, write_spec
from gym_loop.stats import improvement_ci

# Each run's 150 training returns are multiplier * episode; its last-100 score is multiplier * mean(50..149).
MULTIPLIERS = {"8": [1, 4, 6, 8, 10, 12], "60": [2, 3, 5, 7, 9, 11]}  # by seed 0..5: the configs' scores overlap
LAST_100 = sum(range(50, 150)) / 100  # 99.5 (the last 99 would give 100.0)


@pytest.fixture(scope="module")
def sweep(tmp_path_factory):
    """A sweep of 2 configs x 6 seeds whose episodes.csv files are then written here, 150 episodes each."""
    folder = tmp_path_factory.mktemp("sweep")
    write_spec(folder / "cart.yaml", make_spec(max_episodes=1))
    swept = run_cli("sweep", "-c", "cart.yaml", "--seeds", "0-5", "--grid", "loop.parameters.max_episode_len=[8,60]",
                    "--jobs", "2", cwd=folder)
    assert swept.returncode == 0, swept.stderr
    for length, multipliers in MULTIPLIERS.items():
        [config] = (folder / "sweeps/cart/runs").glob(f"max_episode_len={length}-*")
        for seed, multiplier in enumerate(multipliers):
            rows = [f"{k},{k + 1},{multiplier * k},1,0.001" for k in range(150)]
            (config / f"seed-{seed}/episodes.csv").write_text("\n".join(["episode,global_step,return,length,seconds",
                                                                         *rows]) + "\n")
    return folder


def aggregate(sweep, *args):
    result = run_cli("aggregate", "sweeps/cart", "--score", "last-100", "--format", "csv", *args, cwd=sweep)
    assert result.returncode == 0, result.stderr
    return {row["loop.parameters.max_episode_len"]: row for row in csv.DictReader(result.stdout.splitlines())}


def test_last_100_scores_the_mean_of_the_last_100_of_150_returns(sweep):
    """tester8e-9: every run's score is multiplier * 99.5, so a config's mean, median and n are known."""
    rows = aggregate(sweep)
    for length, multipliers in MULTIPLIERS.items():
        scores = sorted(multiplier * LAST_100 for multiplier in multipliers)
        assert int(rows[length]["n"]) == 6
        assert float(rows[length]["mean"]) == pytest.approx(sum(scores) / 6, rel=1e-12)
        assert float(rows[length]["median"]) == pytest.approx((scores[2] + scores[3]) / 2, rel=1e-12)


def independent_interval(x, y, reps, seed, level=0.95):
    """The documented stratified bootstrap, drawn here: X's indices, then Y's, from one default_rng(seed)."""
    rng = np.random.default_rng(seed)
    x_draws, y_draws = rng.integers(0, len(x), size=(reps, len(x))), rng.integers(0, len(y), size=(reps, len(y)))
    values = []
    for xi, yi in zip(x_draws, y_draws):
        pairs = [(x[i] > y[j]) + 0.5 * (x[i] == y[j]) for i in xi for j in yi]
        values.append(sum(pairs) / len(pairs))
    return tuple(np.percentile(values, [50 * (1 - level), 50 * (1 + level)]))


def test_aggregate_vs_interval_is_the_stratified_bootstrap_drawn_independently(sweep):
    """tester8e-6: aggregate --vs's p_improvement_low/high equal the bootstrap drawn here from the same seed."""
    x, y = ([multiplier * LAST_100 for multiplier in MULTIPLIERS[length]] for length in ("8", "60"))
    vs = aggregate(sweep)["60"]["config"]
    rows = aggregate(sweep, "--vs", vs, "--reps", "1000", "--bootstrap-seed", "7")
    pairs = [(a > b) + 0.5 * (a == b) for a in x for b in y]
    assert float(rows["8"]["p_improvement"]) == pytest.approx(sum(pairs) / 36, rel=1e-12)
    low, high = independent_interval(x, y, 1000, 7)
    assert low < high
    assert (float(rows["8"]["p_improvement_low"]), float(rows["8"]["p_improvement_high"])) == pytest.approx(
        (low, high), rel=1e-12)


def test_improvement_ci_is_the_stratified_bootstrap_drawn_independently():
    """tester8e-6, in Python: 6 runs against 7 of other scores, both ends exact."""
    x = [3.1, 0.4, 2.2, 5.0, 1.7, 4.4]
    y = [2.0, 0.9, 3.3, 1.1, 4.8, 2.6, 0.2]
    assert improvement_ci(x, y, reps=500, seed=11) == pytest.approx(independent_interval(x, y, 500, 11), rel=1e-12)
    assert improvement_ci(x, y, reps=500, seed=11, level=0.8) == pytest.approx(
        independent_interval(x, y, 500, 11, level=0.8), rel=1e-12)
