"""gym_loop.stats: the IQM against its definition and scipy, the bootstrap's coverage and reproducibility."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gym_loop.stats import AGGREGATES, bootstrap_ci, iqm, performance_profile

finite = st.floats(min_value=-1e6, max_value=1e6, allow_nan=False)


def trim_mean(values, proportion, axis=None):
    """scipy.stats.trim_mean when scipy is installed (the test extra has it), else its definition."""
    try:
        from scipy.stats import trim_mean as scipy_trim_mean
    except ImportError:
        ordered = np.sort(np.moveaxis(np.asarray(values, dtype=float), 0 if axis is None else axis, -1), axis=-1)
        cut = int(proportion * ordered.shape[-1])
        return ordered[..., cut:ordered.shape[-1] - cut].mean(axis=-1)
    return scipy_trim_mean(values, proportion, axis=0 if axis is None else axis)


def middle_half_mean(values):
    """The IQM written out in plain Python: drop floor(n/4) from each end of the sorted list."""
    ordered = sorted(values)
    cut = len(ordered) // 4
    kept = ordered[cut:len(ordered) - cut]
    return sum(kept) / len(kept)


def test_iqm_by_definition():
    # 8 scores: 2 cut from each end, the mean of the middle 4
    assert iqm(np.array([100.0, 1, 2, 3, 4, 5, 6, -100])) == pytest.approx((2 + 3 + 4 + 5) / 4)


def test_iqm_of_fewer_than_four_is_the_mean():
    assert iqm(np.array([1.0, 2.0, 10.0])) == pytest.approx(13 / 3)


@settings(max_examples=200, deadline=None)
@given(st.lists(finite, min_size=1, max_size=40))
def test_iqm_matches_its_definition_and_scipy_trim_mean(values):
    assert iqm(np.array(values)) == pytest.approx(middle_half_mean(values), rel=1e-9, abs=1e-6)
    assert iqm(np.array(values)) == pytest.approx(trim_mean(values, 0.25), rel=1e-9, abs=1e-6)


def test_iqm_along_an_axis():
    scores = np.random.default_rng(1).normal(size=(5, 9))
    np.testing.assert_allclose(iqm(scores, axis=0), trim_mean(scores, 0.25, axis=0))
    np.testing.assert_allclose(iqm(scores), trim_mean(scores, 0.25, axis=1))


def test_aggregates_names():
    scores = np.array([1.0, 2.0, 4.0, 8.0, 100.0])
    assert {name: float(f(scores)) for name, f in AGGREGATES.items()} == pytest.approx(
        {"iqm": trim_mean(scores, 0.25), "mean": 23.0, "median": 4.0})


def test_bootstrap_same_seed_same_interval_other_seed_other():
    scores = np.random.default_rng(0).normal(size=10)
    first = bootstrap_ci(scores, iqm, reps=500, seed=3)
    assert first == bootstrap_ci(scores, iqm, reps=500, seed=3)
    assert first != bootstrap_ci(scores, iqm, reps=500, seed=4)


def test_bootstrap_interval_brackets_the_estimate_and_shrinks_with_more_runs():
    rng = np.random.default_rng(0)
    few, many = rng.normal(size=6), rng.normal(size=500)  # 6: stats.min_runs(), the fewest with an interval
    low, high = bootstrap_ci(few, np.mean)
    assert low < np.mean(few) < high
    many_low, many_high = bootstrap_ci(many, np.mean)
    assert many_high - many_low < (high - low) / 3


def test_bootstrap_mean_interval_covers_the_true_mean_about_95_percent():
    rng = np.random.default_rng(11)
    covered = [low <= 0 <= high for low, high in
               (bootstrap_ci(rng.normal(size=30), np.mean, reps=1000, seed=i) for i in range(400))]
    assert 0.90 <= np.mean(covered) <= 0.97  # percentile intervals run a little short at n=30


def test_bootstrap_of_curves_keeps_runs_together():
    rng = np.random.default_rng(2)
    curves = np.cumsum(rng.normal(size=(6, 50)), axis=1)
    low, high = bootstrap_ci(curves, iqm, reps=300)
    assert low.shape == high.shape == (50,)
    assert np.all(low <= high)
    # identical points in every run: the interval collapses to that point
    flat = np.tile(np.arange(6.0)[:, None], (1, 4))
    low, high = bootstrap_ci(flat, np.mean, reps=200)
    np.testing.assert_array_less(low - 1e-9, high)
    same_low, same_high = bootstrap_ci(np.ones((6, 3)), np.mean, reps=50)
    np.testing.assert_array_equal(same_low, np.ones(3))


def test_bootstrap_in_chunks_equals_at_once(monkeypatch):
    import gym_loop.stats as stats

    scores = np.random.default_rng(5).normal(size=(8, 20))
    whole = bootstrap_ci(scores, iqm, reps=100, seed=1)
    monkeypatch.setattr(stats, "MAX_ELEMENTS", 8 * 20 * 7)
    np.testing.assert_array_equal(bootstrap_ci(scores, iqm, reps=100, seed=1), whole)


def test_bootstrap_refuses_nonsense():
    with pytest.raises(ValueError, match="at least one run"):
        bootstrap_ci(np.array([]), np.mean)
    with pytest.raises(ValueError, match="level"):
        bootstrap_ci(np.ones(3), np.mean, level=95)


def test_performance_profile():
    scores = np.array([0.0, 1.0, 2.0, 3.0])
    taus = np.array([-1.0, 0.0, 1.5, 3.0])
    np.testing.assert_allclose(performance_profile(scores, taus), [1.0, 0.75, 0.5, 0.0])
    two_configs = np.stack([scores, scores + 10])  # (configs, runs)
    np.testing.assert_allclose(performance_profile(two_configs, taus), [[1.0, 0.75, 0.5, 0.0], [1.0] * 4])
