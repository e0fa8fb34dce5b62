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


class NamedLoop(BaseLoop):
    """A loop on BaseLoop whose defaults name what the run gives every loop."""

    NAME = "agent"

    @classmethod
    def get_default_parameters(cls):
        return {"max_episodes": 2, cls.NAME: 1}

    def __init__(self, agent, env, **params):
        super().__init__(**params)
        self.agent, self.env = agent, env


@pytest.mark.parametrize("name", ["agent", "env", "eval_env", "progress"])
def test_loop_parameter_named_as_what_the_run_gives_it(tmp_path, name):
    from gym_loop.spec import refuse_shadowing  # as run_spec checks the spec's loop

    loop_class = type("NamedLoop", (NamedLoop,), {"NAME": name})
    words = f"loop.parameters.{name}: gym-loop passes the loop its "
    with pytest.raises(SpecError, match=words) as refused:
        refuse_shadowing("loop", loop_class, loop_class.get_default_parameters())
    assert str(refused.value).endswith("under this name, which would replace this value; rename it")
    env = gym.make("CartPole-v1")
    agent = RandomAgent(observation_space=env.observation_space, action_space=env.action_space)
    with pytest.raises(SpecError, match=words):
        loop_class(agent, env)
