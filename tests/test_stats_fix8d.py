"""tester8d-1, -5: no percentile interval from fewer runs than can cover 95% (stats.min_runs)."""

import math

import numpy as np

from gym_loop import stats


def test_min_runs_is_where_the_range_of_the_runs_can_first_cover_the_level():
    assert stats.min_runs() == 6 and stats.min_runs(0.95) == 6
    for level in (0.5, 0.75, 0.9, 0.95, 0.99):
        n = stats.min_runs(level)
        assert 1 - 2.0 ** (1 - n) >= level > 1 - 2.0 ** (2 - n)  # [min, max] of n runs misses the median 2**(1-n)


def test_no_bootstrap_interval_below_min_runs_and_one_from_it_on():
    rng = np.random.default_rng(0)
    for n in range(1, 6):
        low, high = stats.bootstrap_ci(rng.normal(size=n), stats.iqm)
        assert math.isnan(low) and math.isnan(high)
        low, high = stats.bootstrap_ci(rng.normal(size=(n, 4)), stats.iqm)  # a curve: NaN at every point
        assert low.shape == high.shape == (4,) and np.isnan(low).all() and np.isnan(high).all()
    low, high = stats.bootstrap_ci(rng.normal(size=6), np.mean)
    assert low < high


def test_no_probability_of_improvement_interval_when_either_config_has_fewer_runs():
    six, five = np.arange(6.0), np.arange(5.0)
    assert all(math.isnan(end) for end in stats.improvement_ci([1.0], [0.0]))  # tester8d-5: was (1.0, 1.0)
    assert all(math.isnan(end) for end in stats.improvement_ci(six, five))
    assert all(math.isnan(end) for end in stats.improvement_ci(five, six))
    low, high = stats.improvement_ci(six, six + 0.5)
    assert 0 <= low < high <= 1

