"""gym-loop tune after the faults tester6c met (#1 ties, #4 the re-evaluation's score, #7 a pruned trial's line)."""

import json
import logging
import re

import pytest
import yaml

from conftest import make_spec, run_cli, write_spec

optuna = pytest.importorskip("optuna")

QLEARNING = "gym_loop.agents.q_learning:QLearningAgent"


def _warnings_of_ties(values):
    from gym_loop.tuning.driver import warn_if_tied

    study = optuna.create_study(direction="maximize")
    for value in values:
        study.add_trial(optuna.trial.create_trial(value=value))
    records = []
    handler = logging.Handler()
    handler.emit = records.append
    logging.getLogger("gym_loop.tuning.driver").addHandler(handler)
    try:
        warn_if_tied(study)
    finally:
        logging.getLogger("gym_loop.tuning.driver").removeHandler(handler)
    return [record.getMessage() for record in records]


def test_trials_tied_at_the_best_value_are_named_though_another_trial_scored_less():
    assert _warnings_of_ties([-100.0, -100.0, -250.0, -100.0]) == [
        "trials 0,1,3 tie at the best value -100: the best is trial 0, the first only by its number; a budget "
        "(loop.parameters.max_episodes) at which not all of them get there, or more evaluation episodes "
        "(loop.parameters.eval_episodes), would separate them"]
    assert _warnings_of_ties([-100.0, -100.0, 3.0]) == []  # the best is one trial's alone
    assert _warnings_of_ties([0.0, 0.0])[0].startswith("all 2 complete trials scored 0")


def _lake(tmp_path, max_episodes):
    write_spec(tmp_path / "lake.yaml", make_spec("FrozenLake-v1", QLEARNING, max_episodes=max_episodes,
                                                 episodes_per_eval=2, eval_episodes=1, episodes_per_checkpoint=10,
                                                 max_episode_len=20))
    (tmp_path / "space.yaml").write_text(yaml.safe_dump({"agent.parameters.discount": {"float": [0.9, 0.99]}}))
    return ["tune", "-c", "lake.yaml", "--space", "space.yaml", "--seeds", "0", "--name", "lake", "--trials", "1"]


def test_the_closing_lines_say_when_the_recommended_sweep_scores_before_the_last_episode(tmp_path):
    result = run_cli(*_lake(tmp_path, 3), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    # since tester9d-9 the command itself scores the end of training (a budget in episodes); the note is for max_steps
    assert "--name lake-trial-0 --set loop.parameters.episodes_per_eval=3" in result.stdout
    assert "note:" not in result.stdout
    (tmp_path / "aligned").mkdir()
    aligned = run_cli(*_lake(tmp_path / "aligned", 4), cwd=tmp_path / "aligned")
    assert aligned.returncode == 0, aligned.stderr
    assert "note:" not in aligned.stdout


def test_a_pruned_trials_line_names_its_parameters_the_seed_and_the_studys_pruner(tmp_path):
    # As test_tune's: the random sampler's seed fixes the proposals; a learning rate of 0 is pruned by the median
    # pruner once 5 trials completed.
    spec = make_spec("FrozenLake-v1", QLEARNING, max_episodes=300, episodes_per_eval=50, eval_episodes=1,
                     episodes_per_checkpoint=100, max_episode_len=100)
    spec["env"]["parameters"] = {"is_slippery": False}
    spec["agent"]["parameters"]["epsilon_decay_steps"] = 1000
    write_spec(tmp_path / "lake.yaml", spec)
    (tmp_path / "space.yaml").write_text(yaml.safe_dump({
        "agent.parameters.learning_rate": {"categorical": [0.5, 0.0, 0.9]},
        "agent.parameters.discount": {"float": [0.9, 0.99]}}))
    result = run_cli("tune", "-c", "lake.yaml", "--space", "space.yaml", "--trials", 8, "--seeds", 0, "--sampler",
                     "random", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    rows = (tmp_path / "tunes" / "lake" / "trials.csv").read_text().splitlines()[1:]
    pruned = [row.split(",")[0] for row in rows if row.split(",")[1] == "PRUNED"]
    assert pruned, "expected a trial with learning rate 0 to be pruned"
    for number in pruned:
        line = re.compile(rf"INFO: worker 0: trial {number}: agent\.parameters\.discount=0\.9\d*, "
                          rf"agent\.parameters\.learning_rate=0 -> seed 0: pruned by the study's MedianPruner after "
                          rf"\d+ episodes \(evaluation mean return 0, reported at step \d+\)")
        assert any(line.fullmatch(text) for text in result.stderr.splitlines()), result.stderr
        record = json.loads((tmp_path / "tunes" / "lake" / "trials" / number / "seed-0" / "run.json").read_text())
        assert record["reason"].startswith("pruned by the study's MedianPruner after ")
    assert "pruner after" not in result.stderr and "'s pruner" not in result.stderr
