"""A NumPy action of another dtype of the same kind as a Box's (float64 for Pendulum's float32, as NumPy computes) is
taken by the first-action check of both loops, as Gymnasium's envs and a list are; an action still refused names
its cause and the fix: a dtype that cannot be cast, a shape, the bounds (tester10b-1)."""

import gymnasium
import numpy as np
import pytest
from gymnasium.spaces import Box

from gym_loop.agents import BaseAgent
from gym_loop.errors import GymLoopError
from gym_loop.loops.answers import action_fix
from gym_loop.loops.default_loop import DefaultLoop
from gym_loop.loops.vector_loop import VectorLoop


class Fixed(BaseAgent):
    ANY_PARAMETERS = True

    def act(self, state, episode_num):
        return self.action


def _loop(loop, action, env="Pendulum-v1", tmp_path=None):
    made = gymnasium.make(env)
    agent = Fixed(observation_space=made.observation_space, action_space=made.action_space, action=action)
    extra = {"num_envs": 2, "vectorization_mode": "sync"} if loop is VectorLoop else {}
    return loop(agent, made, seed=1, max_episodes=1, max_episode_len=5, logdir=str(tmp_path / "logs"), **extra)


@pytest.mark.parametrize("loop", [DefaultLoop, VectorLoop])
@pytest.mark.parametrize("action", [np.array([0.5]), np.array([1]), np.array([0.5], dtype=np.float16)])
def test_a_float64_or_int_array_for_a_float32_box_is_taken(tmp_path, monkeypatch, loop, action):
    monkeypatch.chdir(tmp_path)
    _loop(loop, action, tmp_path=tmp_path).train()


@pytest.mark.parametrize("loop", [DefaultLoop, VectorLoop])
def test_a_0d_action_for_a_box_of_one_names_its_shape(tmp_path, monkeypatch, loop):
    monkeypatch.chdir(tmp_path)
    with pytest.raises(GymLoopError, match=r"agent.act returned array\(0.5\).*not an action of Box\(-2.0, 2.0, "
                       r"\(1,\), float32\) \(its shape is \(\), the space's \(1,\): return np.reshape\(action, "
                       r"\(1,\)\)\)"):
        _loop(loop, np.array(0.5), tmp_path=tmp_path).train()


def test_the_fix_names_the_dtype_the_shape_or_the_bounds():
    floats, ints = Box(-2.0, 2.0, (1,), np.float32), Box(0, 5, (2,), np.int64)
    assert action_fix(np.array([0.5, 1.0]), ints) == (" (its dtype float64 cannot be cast safely to the space's int64: "
                                                      "return "
                                                      "np.rint(action).astype(np.int64))")
    assert action_fix(np.array([3.0]), floats) == (" (it is outside the space's bounds: return np.clip(action, "
                                                   "self.action_space.low, self.action_space.high))")
    assert action_fix(np.array([np.nan]), floats).startswith(" (it holds NaN: ")
    assert action_fix(np.float64(0.5), floats) == " (its shape is (), the space's (1,): return np.reshape(action, (1,)))"
    assert action_fix(np.zeros(3), floats) == " (its shape is (3,), the space's (1,): return an array of shape (1,))"
    assert action_fix([0.5], floats) == ""  # one of the space: no fix


class Strict(gymnasium.Env):
    """An env whose step refuses what its Box's contains refuses (a float64 array)."""

    observation_space = Box(-1.0, 1.0, (1,), np.float32)
    action_space = Box(-1.0, 1.0, (1,), np.float32)

    def reset(self, seed=None, options=None):
        super().reset(seed=seed)
        return np.zeros(1, np.float32), {}

    def step(self, action):
        assert self.action_space.contains(action), "not an action"
        return np.zeros(1, np.float32), 0.0, False, False, {}


def test_an_env_that_refuses_a_float64_array_names_the_dtype(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    env = Strict()
    agent = Fixed(observation_space=env.observation_space, action_space=env.action_space, action=np.array([0.5]))
    loop = DefaultLoop(agent, env, seed=1, max_episodes=1, max_episode_len=5, logdir=str(tmp_path / "logs"))
    # fix15b (tester15b-8): the env's failure, with the cast, as the first-action check takes the float64 array
    with pytest.raises(GymLoopError, match=r"^env.step failed at episode 0, step 1 \(agent.act returned "
                       r"array\(\[0.5\]\), which the env may refuse: its dtype float64 cannot be cast safely to the "
                       r"space's float32: return action.astype\(np.float32\)\): AssertionError: not an action"):
        loop.train()
