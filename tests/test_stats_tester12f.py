"""Mutation-testing kills (tester12f): gym_loop.stats checked against independent NumPy computations."""

import math

import numpy as np
import pytest

from gym_loop import stats


def _trimmed_mean(values):
    ordered = sorted(values)
    cut = len(ordered) // 4
    return float(np.mean(ordered[cut:len(ordered) - cut]))


@pytest.mark.parametrize("n", range(1, 14))
def test_iqm_trims_a_quarter_from_each_end(n):
    values = np.random.default_rng(n).normal(size=n) * 10
    assert stats.iqm(values) == pytest.approx(_trimmed_mean(values))


def test_iqm_along_an_axis_is_each_rows_trimmed_mean():
    values = np.random.default_rng(1).normal(size=(3, 9))
    np.testing.assert_allclose(stats.iqm(values, axis=1), [_trimmed_mean(row) for row in values])
    np.testing.assert_allclose(stats.iqm(values.T, axis=0), [_trimmed_mean(row) for row in values])


@pytest.mark.parametrize("level, runs", [(0.95, 6), (0.9, 5), (0.5, 2), (0.99, 8), (0.75, 3)])
def test_min_runs_is_one_plus_log2_of_the_miss_rate(level, runs):
    assert stats.min_runs(level) == runs


def _percentile_ci(values, statistic, reps, seed, level=0.95):
    rng = np.random.default_rng(seed)
    draws = statistic(values[rng.integers(0, len(values), size=(reps, len(values)))], axis=1)
    return np.percentile(draws, [50 * (1 - level), 50 * (1 + level)], axis=0)


@pytest.mark.parametrize("level", [0.95, 0.8])
@pytest.mark.parametrize("name", ["iqm", "mean", "median"])
def test_bootstrap_ci_is_the_percentile_interval_of_the_draws(name, level):
    values = np.random.default_rng(7).normal(size=9)
    statistic = stats.AGGREGATES[name]
    low, high = stats.bootstrap_ci(values, statistic, reps=500, seed=3, level=level)
    expected = _percentile_ci(values, statistic, 500, 3, level)
    assert (low, high) == pytest.approx(tuple(expected))
    assert low < high


def test_bootstrap_ci_from_exactly_min_runs_gives_an_interval_and_below_none():
    values = np.arange(6.0)
    low, high = stats.bootstrap_ci(values, stats.iqm, reps=200)
    assert math.isfinite(low) and math.isfinite(high)
    low, high = stats.bootstrap_ci(values[:5], stats.iqm, reps=200)
    assert math.isnan(low) and math.isnan(high)


def test_performance_profile_counts_scores_strictly_above_tau():
    scores = np.array([1.0, 2.0, 2.0, 3.0])
    taus = np.array([0.0, 1.0, 2.0, 2.5, 3.0])
    expected = [np.mean(scores > tau) for tau in taus]
    np.testing.assert_allclose(stats.performance_profile(scores, taus), expected)
    np.testing.assert_allclose(stats.performance_profile(scores, taus), [1.0, 0.75, 0.25, 0.25, 0.0])


def test_probability_of_improvement_counts_a_tie_a_half():
    x, y = np.array([1.0, 2.0, 3.0]), np.array([2.0, 2.0, 5.0, 0.0])
    brute = np.mean([1.0 if a > b else 0.5 if a == b else 0.0 for a in x for b in y])
    assert stats.probability_of_improvement(x, y) == pytest.approx(brute)
    assert stats.probability_of_improvement(np.ones(3), np.ones(4)) == pytest.approx(0.5)


def test_improvement_ci_needs_min_runs_of_each_side():
    many, few = np.arange(8.0), np.arange(3.0)
    assert all(math.isnan(v) for v in stats.improvement_ci(many, few, reps=50))
    assert all(math.isnan(v) for v in stats.improvement_ci(few, many, reps=50))


def test_improvement_ci_resamples_x_and_y_apart():
    x, y = np.random.default_rng(1).normal(size=7), np.random.default_rng(2).normal(size=6) + 0.5
    rng = np.random.default_rng(5)
    xs = x[rng.integers(0, x.size, size=(300, x.size))]
    ys = y[rng.integers(0, y.size, size=(300, y.size))]
    draws = [np.mean((a[:, None] > b[None, :]) + 0.5 * (a[:, None] == b[None, :])) for a, b in zip(xs, ys)]
    expected = np.percentile(draws, [2.5, 97.5])
    assert stats.improvement_ci(x, y, reps=300, seed=5) == pytest.approx(tuple(expected))


@pytest.mark.parametrize("name", ["iqm", "mean", "median"])
def test_huge_scores_keep_their_scale(name):
    huge = np.array([2.0 ** 1000, 2.0 ** 1000, 2.0 ** 1001, 2.0 ** 1000])
    expected = {"iqm": 2.0 ** 1000, "mean": 1.25 * 2.0 ** 1000, "median": 2.0 ** 1000}[name]
    assert stats.AGGREGATES[name](huge) == expected
