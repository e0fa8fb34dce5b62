"""VectorLoop's making of its vector env names the env's own code when that fails: a close() that raises as the
async vector env closes the copy it reads the spaces from (tester10b-6), and a TypeError of the env's vector entry
point, not blamed on vector_kwargs the user never set (tester10b-9)."""

import gymnasium
import pytest
from gymnasium.vector import SyncVectorEnv

from gym_loop.agents import RandomAgent
from gym_loop.errors import GymLoopError, SpecError
from gym_loop.loops.vector_loop import VectorLoop


class BadClose(gymnasium.Env):
    observation_space = gymnasium.spaces.Discrete(3)
    action_space = gymnasium.spaces.Discrete(2)

    def __init__(self, render_mode=None):
        pass

    def reset(self, seed=None, options=None):
        super().reset(seed=seed)
        return 0, {}

    def step(self, action):
        return 0, 0.0, True, False, {}

    def close(self):
        raise RuntimeError("close broke")


def forgot_max_episode_steps(num_envs=1):  # Gymnasium's make_vec passes max_episode_steps too
    return SyncVectorEnv([BadClose for _ in range(num_envs)])


gymnasium.register("Fix10b2BadClose-v0", entry_point=BadClose, max_episode_steps=5)
gymnasium.register("Fix10b2VecEntry-v0", entry_point=BadClose, vector_entry_point=forgot_max_episode_steps,
                   max_episode_steps=5)


def _train(tmp_path, name, **parameters):
    env = gymnasium.make(name)
    agent = RandomAgent(observation_space=env.observation_space, action_space=env.action_space)
    loop = VectorLoop(agent, env, seed=1, max_episodes=2, num_envs=2, logdir=str(tmp_path / "logs"), **parameters)
    return loop.train()


def test_a_close_that_raises_under_async_names_the_envs_close(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    with pytest.raises(GymLoopError) as raised:
        _train(tmp_path, "Fix10b2BadClose-v0", vectorization_mode="async")
    assert str(raised.value) == (
        "env Fix10b2BadClose-v0: BadClose.close() failed as the async vector env closed the copy it makes to read "
        "the spaces: RuntimeError: close broke; fix BadClose.close() (DefaultLoop and vectorization_mode sync only "
        "warn of it)")


def test_a_type_error_of_the_vector_entry_point_names_it(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    with pytest.raises(GymLoopError) as raised:
        _train(tmp_path, "Fix10b2VecEntry-v0", vectorization_mode="vector_entry_point")
    assert not isinstance(raised.value, SpecError)
    assert str(raised.value).startswith(
        "env Fix10b2VecEntry-v0: its vector entry point test_vector_make_fix10b2.forgot_max_episode_steps failed: "
        "TypeError: forgot_max_episode_steps() got an unexpected keyword argument 'max_episode_steps' (Gymnasium's "
        "make_vec passes it num_envs, the registration's max_episode_steps and env.parameters)"), str(raised.value)


def test_vector_kwargs_the_vector_env_refuses_are_still_named(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    with pytest.raises(SpecError, match="loop.parameters.vector_kwargs: gymnasium.make_vec refused it: "):
        _train(tmp_path, "CartPole-v1", vectorization_mode="sync", vector_kwargs={"nonsense": 1})
