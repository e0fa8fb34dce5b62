"""Run(loop, sinks=[...]) seeds the run from DefaultLoop(..., seed=N) as loop.train() does (tester11a-17)."""

import gymnasium as gym

from gym_loop.agents.random_agent import RandomAgent
from gym_loop.loops.default_loop import DefaultLoop
from gym_loop.run import Run
from gym_loop.sinks import Sink


def _loop(tmp_path, tag):
    env, eval_env = gym.make("CartPole-v1"), gym.make("CartPole-v1")
    agent = RandomAgent(observation_space=env.observation_space, action_space=env.action_space)
    return DefaultLoop(agent, env, eval_env=eval_env, seed=1, max_episodes=3, eval_episodes=3,
                       episodes_csv=str(tmp_path / f"{tag}.csv"), evals_csv=str(tmp_path / f"v{tag}.csv"),
                       checkpoint_dir=str(tmp_path / f"c{tag}"),
                       logdir=str(tmp_path / f"l{tag}"), eval_logdir=str(tmp_path / f"e{tag}"))


def test_every_way_to_train_seeds_alike(tmp_path):
    by_loop = list(_loop(tmp_path, "a").train().returns)
    assert list(Run(_loop(tmp_path, "b")).train().returns) == by_loop
    assert list(Run(_loop(tmp_path, "c"), sinks=[Sink()]).train().returns) == by_loop


def test_every_way_to_evaluate_seeds_alike(tmp_path):
    by_loop = list(_loop(tmp_path, "a").evaluate().returns)
    assert list(Run(_loop(tmp_path, "b"), sinks=[Sink()]).evaluate().returns) == by_loop
