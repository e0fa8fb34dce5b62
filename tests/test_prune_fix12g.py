"""fix12g: a tune run left training after its worker was killed stops at its next evaluation, status
``interrupted`` and a one-line reason, once a later start of the tune has marked its trial FAIL; it failed with
Optuna's UpdateFinishedTrialError before (tester12g-4)."""

import optuna

from gym_loop.schedule import Stop
from gym_loop.tuning.prune import PruningRule


def test_a_run_whose_trial_was_marked_fail_stops_as_interrupted():
    study = optuna.create_study(direction="maximize")
    trial = study.ask()
    study.tell(trial, state=optuna.trial.TrialState.FAIL)  # as a later start of the tune marks it
    stop = PruningRule(trial).after_evaluation(4, 100, 12.0)
    assert stop == Stop("interrupted", "stopped: trial 0 is no longer running (a later start of the tune marked it "
                                       "FAIL, as the worker that ran it was stopped); this run does not count")


def test_a_running_trial_is_reported_to():
    study = optuna.create_study(direction="maximize", pruner=optuna.pruners.NopPruner())
    trial = study.ask()
    assert PruningRule(trial).after_evaluation(4, 100, 12.0) is None
    assert study.trials[0].intermediate_values == {4: 12.0}
