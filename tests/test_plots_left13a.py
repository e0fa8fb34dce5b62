"""tester12f's bug (note15's leftover): plots.curves.moving_mean took differences of one running sum, so after a
return of 1e16 or more every later mean was wrong (0 for 1); each window's sum now adds only its own values."""

import warnings

import numpy as np
import pytest

from gym_loop.plots.curves import moving_mean


def _naive(values, window):
    return [np.mean(values[max(0, i - window + 1):i + 1]) for i in range(len(values))]


@pytest.mark.parametrize("window", [1, 2, 3, 7, 40])
def test_the_means_after_a_huge_return_are_those_of_their_own_windows(window):
    values = np.ones(30)
    values[4] = 1e17
    means = moving_mean(values, window)
    assert means[4 + window:].tolist() == [1.0] * (26 - window)  # were 0 (or 16) after the running sum lost the ones
    np.testing.assert_allclose(means, _naive(values, window), rtol=1e-15)


def test_no_overflow_where_the_values_do_not():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert moving_mean(np.array([1e308, 1e308, 1.0]), 1).tolist() == [1e308, 1e308, 1.0]
        assert moving_mean(np.array([1e308, 1e308, 1.0]), 2).tolist() == [1e308, 1e308, 5e307]


def test_a_nan_only_reaches_the_windows_that_hold_it():
    values = np.array([1.0, np.nan, 2.0, 4.0, 6.0])
    np.testing.assert_array_equal(moving_mean(values, 2), [1.0, np.nan, np.nan, 3.0, 5.0])


@pytest.mark.parametrize("size, window", [(1, 1), (1, 5), (7, 3), (9, 3), (100, 100), (101, 10), (64, 65)])
def test_equals_the_mean_of_each_trailing_window(size, window):
    values = np.random.default_rng(size * window).normal(scale=100, size=size)
    np.testing.assert_allclose(moving_mean(values, window), _naive(values, window), rtol=1e-12)
    assert moving_mean(np.array([9.0, 10.0, 11.0, 12.0]), 3).tolist() == [9.0, 9.5, 10.0, 11.0]  # the sums, divided
