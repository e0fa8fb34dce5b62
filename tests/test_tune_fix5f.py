"""gym-loop tune after the defects new users met (tester5b): --storage slips, continues that run nothing, ties."""

import json

import pytest
import yaml

from conftest import make_spec, run_cli, write_spec

pytest.importorskip("optuna")

QLEARNING = "gym_loop.agents.q_learning:QLearningAgent"


def lake(tmp_path, *extra):
    """A small FrozenLake Q-learning tune of the discount, evaluating every 2 of 2 episodes, on seed 0."""
    write_spec(tmp_path / "lake.yaml", make_spec("FrozenLake-v1", QLEARNING, max_episodes=2, episodes_per_eval=2,
                                                 eval_episodes=1, episodes_per_checkpoint=10, max_episode_len=20))
    (tmp_path / "space.yaml").write_text(yaml.safe_dump({"agent.parameters.discount": {"float": [0.9, 0.99]}}))
    return ["tune", "-c", "lake.yaml", "--space", "space.yaml", "--seeds", "0", "--name", "lake", *extra]


def test_a_storage_file_that_is_no_journal_is_refused_with_what_to_give_and_nothing_made(tmp_path):
    results = tmp_path / "my_results.csv"
    results.write_text("config,n,mean\nbase,3,112.3\n")
    result = run_cli(*lake(tmp_path, "--trials", "1", "--storage", "my_results.csv"), cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr.splitlines() == [
        "Error: --storage: my_results.csv is not an Optuna journal (line 1 is not a journal record); give the path "
        "of a journal file (a new one is made) or a database URL"]
    assert results.read_text() == "config,n,mean\nbase,3,112.3\n"
    assert not (tmp_path / "tunes").exists()


def test_a_new_tune_refused_inside_its_folder_leaves_no_folder(tmp_path):
    journal = tmp_path / "shared.log"
    journal.write_text('{"op_code":0}\ngarbage\n')  # a journal damaged at line 2: refused once the tune began
    result = run_cli(*lake(tmp_path, "--trials", "1", "--storage", "shared.log"), cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr.splitlines()[-1] == (
        f"Error: cannot read {journal}: line 2 is not an Optuna journal record; restore the file from a copy, or "
        "give a new --name for a new tune")
    assert not (tmp_path / "tunes" / "lake").exists()  # not a folder holding only tune.lock


def test_a_continue_that_runs_no_trial_neither_warns_of_a_sampler_change_nor_records_a_start(tmp_path):
    args = lake(tmp_path, "--trials", "1")
    assert run_cli(*args, "--sampler", "random", "--pruner", "halving", cwd=tmp_path).returncode == 0
    settings = tmp_path / "tunes" / "lake" / "tune.json"
    recorded = json.loads(settings.read_text())
    result = run_cli(*args, cwd=tmp_path)  # tpe and median, but the study has its 1 trial: nothing runs
    assert result.returncode == 0, result.stderr
    assert "WARNING" not in result.stderr
    assert json.loads(settings.read_text()) == recorded
    assert [(start["sampler"], start["pruner"]) for start in recorded["starts"]] == [("random", "halving")]
    more = run_cli(*lake(tmp_path, "--trials", "2"), cwd=tmp_path)  # a start that runs a trial: warned, recorded
    assert more.returncode == 0, more.stderr
    assert "WARNING: --sampler tpe (was random), --pruner median (was halving)" in more.stderr
    starts = json.loads(settings.read_text())["starts"]
    assert [(start["sampler"], start["pruner"]) for start in starts] == [("random", "halving"), ("tpe", "median")]


def test_a_study_whose_trials_all_tie_says_so(tmp_path):
    # Two greedy evaluation steps from the start never reach the goal: every trial scores 0.
    result = run_cli(*lake(tmp_path, "--trials", "3", "--sampler", "random", "--set",
                           "loop.parameters.max_episode_len=2"), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    trials = (tmp_path / "tunes" / "lake" / "trials.csv").read_text().splitlines()[1:]
    assert [row.split(",")[1:3] for row in trials] == [["COMPLETE", "0.0"]] * 3
    assert ("WARNING: all 3 complete trials scored 0: no trial is better than another, so the best is the first "
            "only by its number; raise the budget (loop.parameters.max_episodes) or widen the space"
            in result.stderr.splitlines())


def test_trials_that_differ_are_not_called_tied(tmp_path):
    from gym_loop.tuning.driver import warn_if_tied
    import logging
    import optuna

    study = optuna.create_study(direction="maximize")
    for value in (0.0, 0.0, 0.5):
        study.add_trial(optuna.trial.create_trial(value=value))
    records = []
    handler = logging.Handler()
    handler.emit = records.append
    logging.getLogger("gym_loop.tuning.driver").addHandler(handler)
    try:
        warn_if_tied(study)
    finally:
        logging.getLogger("gym_loop.tuning.driver").removeHandler(handler)
    assert records == []
