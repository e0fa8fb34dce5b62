"""Mutation-testing kills (tester12f): a run's status and last row (sweeps.runinfo), and what a tune keeps
(tuning.space, tuning.study, tuning.folder, tuning.driver)."""

import csv
import json
import logging

import pytest

from gym_loop.errors import SpecError
from gym_loop.sweeps import runinfo, scores


def test_a_pruned_run_has_reached_its_end():
    assert "pruned" in runinfo.DONE and "finished" in runinfo.DONE


def test_warn_unfinished_is_quiet_for_finished_and_pruned_runs(caplog):
    with caplog.at_level(logging.WARNING):
        scores.warn_unfinished({"c": [("finished", 1.0), ("pruned", 0.5)]}, "final-eval")
    assert not caplog.records
    with caplog.at_level(logging.WARNING):
        scores.warn_unfinished({"c": [("finished", 1.0), ("failed", None)]}, "final-eval")
    assert "1 failed" in caplog.text


def test_solved_needs_a_finished_run_that_met_its_threshold():
    assert runinfo.solved({"status": "finished", "reason": "solved after 40 episodes: ..."})
    assert not runinfo.solved({"status": "finished", "reason": "ran every planned episode"})
    assert not runinfo.solved({"status": "failed", "reason": "solved after 40 episodes: ..."})
    assert not runinfo.solved(None)


def test_last_row_skips_a_row_cut_short(tmp_path):
    path = tmp_path / "evals.csv"
    path.write_text("episode,global_step,mean_return\n5,50,1.0\n10,100,2.0\n15,15")
    assert runinfo.last_row(path) == {"episode": "10", "global_step": "100", "mean_return": "2.0"}
    path.write_text("episode,global_step,mean_return\n")
    assert runinfo.last_row(path) is None


def test_a_running_record_without_a_live_process_is_died(tmp_path):
    (tmp_path / "run.json").write_text(json.dumps({"status": "running"}))
    assert runinfo.status(tmp_path) == "died"
    (tmp_path / "run.json").write_text(json.dumps({"status": "stopped"}))
    assert runinfo.status(tmp_path) == "stopped"
    assert runinfo.status(tmp_path / "nothing") == "absent"


def test_log_scale_needs_a_positive_low_and_a_step_is_kept():
    from gym_loop.tuning.space import parse_distribution

    with pytest.raises(SpecError):
        parse_distribution("agent.parameters.lr", {"float": [0.0, 1.0], "log": True})
    assert parse_distribution("agent.parameters.lr", {"float": [1e-3, 1.0], "log": True}).log
    assert parse_distribution("agent.parameters.n", {"int": [0, 10], "step": 2}).step == 2


def _study(tmp_path, values):
    from gym_loop.tuning.study import open_study

    tmp_path.mkdir(parents=True, exist_ok=True)
    study = open_study(str(tmp_path / "journal.log"), "s")
    for value in values:
        trial = study.ask()
        trial.suggest_float("x", 0.0, 1.0)
        study.tell(trial, value)
    return study


def test_the_study_maximizes_and_the_best_trial_is_the_highest(tmp_path):
    from optuna.study import StudyDirection

    from gym_loop.tuning.driver import _best

    study = _study(tmp_path, [3.0, 9.0, -1.0])
    assert study.direction == StudyDirection.MAXIMIZE
    assert _best(study).number == 1 and study.best_trial.number == 1


def test_trials_csv_has_each_trials_number_state_and_value(tmp_path):
    from gym_loop.tuning.folder import TuneFolder

    study = _study(tmp_path, [3.0, 9.0])
    folder = TuneFolder(tmp_path)
    folder.write_trials(study.get_trials(), ["x"])
    with folder.trials_csv.open() as file:
        rows = list(csv.DictReader(file))
    assert [(row["number"], row["state"], float(row["value"])) for row in rows] == [("0", "COMPLETE", 3.0),
                                                                                   ("1", "COMPLETE", 9.0)]
    assert all(0.0 <= float(row["x"]) <= 1.0 for row in rows)


def test_trials_tied_at_the_best_value_are_named(tmp_path, caplog):
    from gym_loop.tuning.driver import warn_if_tied

    with caplog.at_level(logging.WARNING):
        warn_if_tied(_study(tmp_path / "a", [5.0, 9.0, 9.0, 9.0]))
    assert "trials 1,2,3 tie at the best value 9" in caplog.text
    caplog.clear()
    with caplog.at_level(logging.WARNING):
        warn_if_tied(_study(tmp_path / "b", [5.0, 9.0, 7.0]))
    assert not caplog.records
    with caplog.at_level(logging.WARNING):
        warn_if_tied(_study(tmp_path / "c", [2.0, 2.0]))
    assert "all 2 complete trials scored 2" in caplog.text
