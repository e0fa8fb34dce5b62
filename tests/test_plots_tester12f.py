"""Mutation-testing kills (tester12f): gym_loop.plots.curves and gym_loop.plots.scores against NumPy."""

from types import SimpleNamespace

import numpy as np
import pytest

from gym_loop import stats
from gym_loop.plots import curves, scores
from gym_loop.plots.runs import Config, Run


def _run(path, returns, solved=False):
    episodes = np.arange(len(returns), dtype=float)
    table = {"episode": episodes, "global_step": (episodes + 1) * 10, "return": np.asarray(returns, dtype=float)}
    return Run(path=path, spec={}, status="finished", episodes=table,
               evals={"episode": np.array([]), "global_step": np.array([]), "mean_return": np.array([])},
               solved=solved)


@pytest.mark.parametrize("window", [1, 2, 3, 5, 20])
def test_moving_mean_is_the_trailing_window_mean(window):
    values = np.random.default_rng(window).normal(size=12)
    expected = [values[max(0, i - window + 1):i + 1].mean() for i in range(len(values))]
    np.testing.assert_allclose(curves.moving_mean(values, window), expected)


def test_on_grid_includes_each_runs_first_and_last_x():
    values = curves.on_grid([(np.array([2.0, 10.0]), np.array([0.0, 8.0]))], np.array([1.0, 2.0, 6.0, 10.0, 11.0]))
    np.testing.assert_allclose(values[0], [np.nan, 0.0, 4.0, 8.0, np.nan])


def test_train_curve_against_episodes_counts_episodes_done(tmp_path):
    config = Config("c", [_run(tmp_path, [1.0, 2.0, 3.0]), _run(tmp_path, [3.0, 4.0, 5.0])])
    (curve,) = curves.learning_curves([config], "train", "episodes", "mean", "none", 1, None, 10, 0)
    np.testing.assert_array_equal(curve.x, [1, 2, 3])
    np.testing.assert_allclose(curve.value, [2.0, 3.0, 4.0])
    (curve,) = curves.learning_curves([config], "train", "steps", "mean", "none", 1, None, 10, 0)
    np.testing.assert_array_equal(curve.x, [10, 20, 30])


def test_std_band_is_the_runs_population_std_and_rows_keep_low_below_high(tmp_path):
    returns = [[1.0, 5.0, 2.0], [3.0, 1.0, 7.0], [8.0, 2.0, 2.0]]
    config = Config("c", [_run(tmp_path, r) for r in returns])
    (curve,) = curves.learning_curves([config], "train", "episodes", "mean", "std", 1, None, 10, 0)
    array = np.array(returns)
    np.testing.assert_allclose(curve.value, array.mean(axis=0))
    np.testing.assert_allclose(curve.low, array.mean(axis=0) - array.std(axis=0))
    np.testing.assert_allclose(curve.high, array.mean(axis=0) + array.std(axis=0))
    table = curves.rows([curve])
    assert [row["x"] for row in table] == [1, 2, 3]
    np.testing.assert_allclose([row["low"] for row in table], curve.low)
    np.testing.assert_allclose([row["high"] for row in table], curve.high)
    assert all(row["low"] <= row["value"] <= row["high"] for row in table)


def test_a_shorter_unsolved_run_is_not_held_and_a_point_needs_two_runs(tmp_path):
    config = Config("c", [_run(tmp_path, [1.0, 1.0]), _run(tmp_path, [3.0, 3.0, 3.0, 3.0])])
    (curve,) = curves.learning_curves([config], "train", "episodes", "mean", "none", 1, None, 10, 0)
    np.testing.assert_array_equal(curve.x, [1, 2])  # points of one run are not drawn by default
    assert curve.held == 0
    (curve,) = curves.learning_curves([config], "train", "episodes", "mean", "none", 1, 1, 10, 0)
    np.testing.assert_array_equal(curve.n, [2, 2, 1, 1])
    np.testing.assert_allclose(curve.value, [2.0, 2.0, 3.0, 3.0])


def test_a_shorter_solved_run_is_held_at_its_last_value(tmp_path):
    config = Config("c", [_run(tmp_path, [1.0, 1.0], solved=True), _run(tmp_path, [3.0, 3.0, 3.0, 3.0])])
    (curve,) = curves.learning_curves([config], "train", "episodes", "mean", "none", 1, None, 10, 0)
    assert curve.held == 1
    np.testing.assert_array_equal(curve.n[[0, 1, -1]], [2, 2, 2])
    assert curve.value[-1] == pytest.approx(2.0)


def test_score_rule_is_final_eval_only_when_every_run_evaluates():
    evaluating, not_evaluating = SimpleNamespace(evaluates=True), SimpleNamespace(evaluates=False)
    assert scores.score_rule([SimpleNamespace(runs=[evaluating, not_evaluating])], None) == "last-100"
    assert scores.score_rule([SimpleNamespace(runs=[evaluating])], None) == "final-eval"
    assert scores.score_rule([SimpleNamespace(runs=[not_evaluating])], "final-eval") == "final-eval"


@pytest.mark.parametrize("score", [0.0, 50.0, -200.0])
def test_profile_taus_of_tied_scores_step_at_the_score(score):
    taus = scores.profile_taus([scores.Scores("a", np.full(4, score)), scores.Scores("b", np.full(2, score))])
    pad = max(abs(score) * 0.1, 1.0)
    assert len(taus) == 101
    assert (taus[0], taus[-1]) == pytest.approx((score - pad, score + pad))
    assert taus[0] < score < taus[-1]


def test_interval_estimates_are_median_iqm_mean_of_each_config():
    values = np.random.default_rng(2).normal(size=7)
    estimates = scores.interval_estimates([scores.Scores("a", values)], reps=100, seed=1)
    assert [e.metric for e in estimates] == ["median", "iqm", "mean"]
    expected = {"median": np.median(values), "mean": values.mean(),
                "iqm": np.sort(values)[1:6].mean()}
    for estimate in estimates:
        assert estimate.value == pytest.approx(expected[estimate.metric])
        assert estimate.n == 7
        low, high = stats.bootstrap_ci(values, stats.AGGREGATES[estimate.metric], reps=100, seed=1)
        assert (estimate.low, estimate.high) == pytest.approx((low, high))


def test_performance_profiles_step_at_each_score():
    values = np.array([0.3, 1.7, 2.2, 5.1, 5.1, 9.0])
    (profile,) = scores.performance_profiles([scores.Scores("a", values)], np.linspace(0, 10, 5), reps=50, seed=0)
    assert set(values) <= set(profile["taus"])
    np.testing.assert_allclose(profile["fraction"], [np.mean(values > tau) for tau in profile["taus"]])
