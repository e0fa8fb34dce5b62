"""fix14c: tune's warnings give advice that works: the tie warnings name the budget the trials train by
(tester14c-10), and the unused-seed warning says a tune's seeds need a new --name (tester14c-8)."""

import logging

import pytest

from test_tune_space_fix14c import lake

optuna = pytest.importorskip("optuna")

from gym_loop.sweeps.plan import warn_unused_seed  # noqa: E402
from gym_loop.tuning.driver import budget_keys, warn_if_tied  # noqa: E402


def tied_study(values):
    study = optuna.create_study(direction="maximize")
    for value in values:
        study.add_trial(optuna.trial.create_trial(value=value))
    return study


def test_the_tie_warnings_name_the_budget_the_trials_train_by(caplog):  # tester14c-10
    by_steps = budget_keys(lake(max_episodes=None, max_steps=200), {})
    assert by_steps == "loop.parameters.max_steps"
    assert budget_keys(lake(), {}) == "loop.parameters.max_episodes"
    assert budget_keys(lake(max_steps=200), {}) == "loop.parameters.max_episodes and loop.parameters.max_steps"
    with caplog.at_level(logging.WARNING):
        warn_if_tied(tied_study([0, 0]), by_steps)
        warn_if_tied(tied_study([1, 1, 0]), by_steps)
    assert [record.getMessage() for record in caplog.records] == [
        "all 2 complete trials scored 0: no trial is better than another, so the best is the first only by its "
        "number; raise the budget (loop.parameters.max_steps) or widen the space",
        "trials 0,1 tie at the best value 1: the best is trial 0, the first only by its number; a budget "
        "(loop.parameters.max_steps) at which not all of them get there, or more evaluation episodes "
        "(loop.parameters.eval_episodes), would separate them"]


def test_the_unused_seed_advice_of_a_tune_says_a_new_name(caplog):  # tester14c-8
    with caplog.at_level(logging.WARNING):
        warn_unused_seed({"seed": 7}, "s7.yaml", [0, 1], "0,1", "tune")
        warn_unused_seed({"seed": 7}, "s7.yaml", [0, 1], "0,1", "sweep")
    assert [record.getMessage() for record in caplog.records] == [
        "seed: 7 of s7.yaml is not used: each run of a tune gets its seed from --seeds (0,1); to run it, give "
        "--seeds 7 (or list it among them) with a new --name: a tune keeps the seeds it began with",
        "seed: 7 of s7.yaml is not used: each run of a sweep gets its seed from --seeds (0,1); to run it, give "
        "--seeds 7 (or list it among them)"]
