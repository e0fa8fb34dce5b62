"""Training with NormalizeReward in the env warns that the returns recorded are rescaled (tester8g-7)."""

import gymnasium
from gymnasium.wrappers import NormalizeObservation, NormalizeReward

from gym_loop.agents.random_agent import RandomAgent
from gym_loop.loops.default_loop import DefaultLoop

WARNING = ("env.name: NormalizeReward in the env rescales its rewards by a running statistic, so every return "
           "gym-loop records (episodes.csv, evals.csv, best, reward_threshold, scores) is the rescaled one, on a "
           "scale that moves as training goes; to record the task's returns, rescale rewards in the agent instead")


def train(tmp_path, env, caplog):
    agent = RandomAgent(action_space=env.action_space)
    DefaultLoop(agent, env, seed=0, max_episodes=1, logdir=None, episodes_csv=None, evals_csv=None,
                checkpoint_dir=str(tmp_path)).train()
    return [record.getMessage() for record in caplog.records]


def test_normalize_reward_in_the_env_is_warned_of(tmp_path, caplog):
    env = NormalizeReward(NormalizeObservation(gymnasium.make("CartPole-v1")))
    assert WARNING in train(tmp_path / "a", env, caplog)


def test_an_env_without_it_is_not(tmp_path, caplog):
    assert WARNING not in train(tmp_path / "b", NormalizeObservation(gymnasium.make("CartPole-v1")), caplog)
