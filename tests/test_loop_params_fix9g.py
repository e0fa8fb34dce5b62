"""Loop parameters: a loop of the original's kind (own train()) gets its own only, as its spec (tester9g-6)."""

import gymnasium as gym
import pytest

from gym_loop.agents.random_agent import RandomAgent
from gym_loop.errors import SpecError
from gym_loop.loops import BaseLoop


class SeedLoop(BaseLoop):
    @staticmethod
    def get_default_parameters():
        return {"max_episodes": 3, "logdir": "./seedlogs"}

    def __init__(self, agent, env, **params):
        super().__init__(**params)
        self.agent, self.env = agent, env

    def train(self):
        pass


def test_original_kind_loop_keeps_its_own_parameters():
    env = gym.make("CartPole-v1")
    agent = RandomAgent(observation_space=env.observation_space, action_space=env.action_space)
    loop = SeedLoop(agent, env)
    assert sorted(loop.parameters) == ["logdir", "max_episodes"]
    assert not hasattr(loop, "checkpoint_dir")
    assert SeedLoop(agent, env, max_episodes=None).parameters["max_episodes"] is None  # its own, unchecked budget
    with pytest.raises(SpecError, match="checkpoint_dir"):
        SeedLoop(agent, env, checkpoint_dir="x")
