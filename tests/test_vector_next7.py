"""VectorLoop names an env's bad step or reset by trying one copy of the env: a copy of its own, never the env the
user gave (whose generators are the run's), which neither steps nor resets."""

import gymnasium
import numpy as np
import pytest

from gym_loop.agents.random_agent import RandomAgent
from gym_loop.errors import GymLoopError
from gym_loop.loops.vector_loop import VectorLoop


class Slips(gymnasium.Env):
    """Returns its reward as an array of one element (``slip="reward"``), or the old gym API's reset
    (``slip="reset"``); counts the calls each instance gets."""

    def __init__(self, slip="reward"):
        self.observation_space, self.action_space = gymnasium.spaces.Discrete(2), gymnasium.spaces.Discrete(2)
        self.slip, self.calls = slip, []

    def reset(self, *, seed=None, options=None):
        super().reset(seed=seed)
        self.calls.append("reset")
        return 0 if self.slip == "reset" else (0, {})

    def step(self, action):
        self.calls.append("step")
        return 0, np.array([1.0]), False, False, {}


gymnasium.register("Next7/Slips-v0", entry_point=Slips)


@pytest.mark.parametrize("slip, message", [
    ("reward", "env.step returned reward array([1.]) after 0 episodes, at env step 0; a reward must be a number"),
    ("reset", "env.reset returned int at episode 0; Gymnasium's reset returns a pair (obs, info)")])
def test_the_check_of_a_failed_vector_step_leaves_the_users_env_alone(tmp_path, slip, message):
    env = gymnasium.make("Next7/Slips-v0", slip=slip, disable_env_checker=True)
    drawn = env.action_space.np_random.bit_generator.state
    agent = RandomAgent(observation_space=env.observation_space, action_space=env.action_space,
                        rng=np.random.default_rng(0))
    loop = VectorLoop(agent, env, num_envs=2, max_episodes=2, logdir=None, episodes_csv=None,
                      checkpoint_dir=str(tmp_path / "ck"))
    with pytest.raises(GymLoopError) as error:
        loop.train()
    assert message in str(error.value)
    assert env.unwrapped.calls == []  # the copies were reset and stepped, not the env given
    assert env.action_space.np_random.bit_generator.state == drawn  # no action sampled from its space
