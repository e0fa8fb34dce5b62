"""fix8a: DefaultLoop(..., seed=3): evaluating the untrained agent first leaves the training episodes as they are
(tester8a-5)."""

import csv

import gymnasium

from gym_loop.agents.random_agent import RandomAgent
from gym_loop.loops.default_loop import DefaultLoop


def _loop(folder):
    env = gymnasium.make("CartPole-v1")
    agent = RandomAgent(observation_space=env.observation_space, action_space=env.action_space)
    return DefaultLoop(agent, env, max_episodes=5, seed=3, episodes_csv=f"{folder}/e.csv", logdir=None,
                       checkpoint_dir=f"{folder}/ck", evals_csv=f"{folder}/ev.csv", eval_logdir=f"{folder}/el")


def _returns(folder):
    with open(folder / "e.csv") as file:
        return [row["return"] for row in csv.DictReader(file)]


def test_an_evaluation_before_the_first_train_changes_no_training_episode(tmp_path):
    _loop(tmp_path / "a").train()
    first = _loop(tmp_path / "b")
    baseline = first.evaluate().returns
    first.train()
    assert _returns(tmp_path / "b") == _returns(tmp_path / "a")
    again = _loop(tmp_path / "c")
    assert again.evaluate().returns == baseline  # the evaluation is seeded alike too
    later = first.evaluate().returns  # after training: the streams go on
    assert later != baseline
