"""A tune scores each trial by the end of its training, whatever budget ends its runs (max_steps, max_episodes)."""

import csv

import pytest
import yaml

from conftest import make_spec, run_cli, write_spec

pytest.importorskip("optuna")

QLEARNING = "gym_loop.agents.q_learning:QLearningAgent"


def rows(path):
    with open(path, newline="") as stream:
        return list(csv.DictReader(stream))


def tune(tmp_path, space, *sets):
    """Tune FrozenLake's Q-learning (evaluated every 10 of 20 episodes) over ``space`` on seed 0, 2 trials."""
    spec = make_spec("FrozenLake-v1", QLEARNING, max_episodes=20, episodes_per_eval=10, eval_episodes=2,
                     episodes_per_checkpoint=10, max_episode_len=100)
    write_spec(tmp_path / "lake.yaml", spec)
    (tmp_path / "space.yaml").write_text(yaml.safe_dump(space))
    return run_cli("tune", "-c", tmp_path / "lake.yaml", "--space", tmp_path / "space.yaml", "--seeds", "0",
                   "--trials", "2", "--pruner", "none", *sets, cwd=tmp_path)


def other_warnings(stderr):
    """The warnings but the one of trials that all tie (2 FrozenLake trials this short may both score 0)."""
    return [line for line in stderr.splitlines() if line.startswith("WARNING") and "complete trials scored" not in line]


def assert_scored_at_their_end(tune_dir):
    """Every trial complete, each run's last evaluation after its last episode, the trial's value that evaluation."""
    trials = rows(tune_dir / "trials.csv")
    assert [trial["state"] for trial in trials] == ["COMPLETE", "COMPLETE"]
    for trial in trials:
        run = tune_dir / "trials" / trial["number"] / "seed-0"
        last = rows(run / "evals.csv")[-1]
        assert int(last["episode"]) == len(rows(run / "episodes.csv"))
        assert float(trial["value"]) == pytest.approx(float(last["mean_return"]))


def test_a_step_budget_that_ends_runs_before_their_first_periodic_evaluation_scores_their_end(tmp_path):
    """max_steps 30 ends each run after a few FrozenLake episodes, before the evaluation after 10: the trials
    failed "no periodic evaluation" until three in a row stopped the study."""
    result = tune(tmp_path, {"agent.parameters.discount": {"float": [0.9, 0.99]}}, "-s", "loop.parameters.max_steps=30")
    assert result.returncode == 0, result.stderr
    assert "fail" not in result.stderr and not other_warnings(result.stderr)
    assert "2 trials (2 complete)" in result.stdout
    tune_dir = tmp_path / "tunes" / "lake"
    assert_scored_at_their_end(tune_dir)
    assert all(len(rows(run / "episodes.csv")) < 10 for run in tune_dir.glob("trials/*/seed-0"))


def test_a_tuned_episode_budget_that_is_no_multiple_of_episodes_per_eval_scores_its_end(tmp_path):
    result = tune(tmp_path, {"loop.parameters.max_episodes": {"categorical": [13, 17]}})
    assert result.returncode == 0, result.stderr
    assert not other_warnings(result.stderr)
    assert_scored_at_their_end(tmp_path / "tunes" / "lake")
