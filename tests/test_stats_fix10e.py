"""No interval below min_runs(level) runs, tested at the boundary: 5 runs none, 6 runs one (tester10e-5)."""

import math

import numpy as np
import pytest

from gym_loop.stats import bootstrap_ci, improvement_ci, iqm, min_runs


@pytest.mark.parametrize("level, fewest", [(0.95, 6), (0.9, 5), (0.99, 8)])
def test_min_runs_is_the_fewest_whose_interval_can_cover_the_level(level, fewest):
    assert min_runs(level) == fewest
    assert 2.0 ** (1 - fewest) <= 1 - level < 2.0 ** (2 - fewest)  # all on one side of the median: too often below


@pytest.mark.parametrize("level", [0.9, 0.95, 0.99])
def test_bootstrap_ci_has_no_interval_one_run_short_and_one_at_min_runs(level):
    runs = min_runs(level)
    low, high = bootstrap_ci(np.arange(runs - 1.0), iqm, level=level)
    assert np.isnan(low) and np.isnan(high)
    low, high = bootstrap_ci(np.arange(float(runs)), iqm, level=level)
    assert 0 <= low < high <= runs - 1
    curves = np.arange(3.0 * (runs - 1)).reshape(runs - 1, 3)  # a curve per run: no band at any point either
    low, high = bootstrap_ci(curves, np.mean, level=level)
    assert low.shape == high.shape == (3,) and np.isnan(low).all() and np.isnan(high).all()


def test_improvement_ci_has_no_interval_with_five_runs_on_either_side():
    six, five = np.arange(6.0), np.arange(5.0) + 0.5
    assert all(math.isnan(end) for end in improvement_ci(six, five))
    assert all(math.isnan(end) for end in improvement_ci(five, six))
    low, high = improvement_ci(six, six + 0.5)
    assert 0 <= low <= high <= 1
