"""left13b: VectorLoop's per-sub-env calls of an agent without batched methods get the sub-env's own info (not {})
and, when they name it, its index env_id (the original MultiEnvLoop's keyword)."""

import itertools

import gymnasium as gym
import numpy as np
import pytest
from gymnasium.utils import RecordConstructorArgs

from gym_loop.agents import BaseAgent
from gym_loop.loops.vector_loop import VectorLoop


class NextInInfo(gym.Wrapper, RecordConstructorArgs):
    """Puts the next observation and a per-step count in the step's info."""

    def __init__(self, env):
        RecordConstructorArgs.__init__(self)
        gym.Wrapper.__init__(self, env)
        self.count = 0

    def step(self, action):
        ob, reward, terminated, truncated, info = self.env.step(action)
        self.count += 1
        return ob, reward, terminated, truncated, {**info, "next": ob.copy(), "count": self.count}


class Checking(BaseAgent):
    """Counts memorize calls whose info is its sub-env's, and whose last_ob is what act was given for env_id."""

    def __init__(self, **params):
        super().__init__(**params)
        self.given, self.right, self.wrong, self.ids = {}, 0, 0, set()

    def act(self, state, episode_num, env_id=None):
        self.given[env_id] = np.array(state)
        return self.action_space.sample()

    def memorize(self, last_ob, action, reward, done, ob, info, env_id=None):
        self.ids.add(env_id)
        same = (np.array_equal(info.get("next"), ob) and np.array_equal(self.given.get(env_id), last_ob)
                and info.get("count", 0) > 0)
        self.right, self.wrong = self.right + same, self.wrong + (not same)


@pytest.mark.parametrize("mode", ["sync", "async"])
def test_per_sub_env_memorize_gets_the_sub_envs_info_and_index(tmp_path, monkeypatch, mode):
    monkeypatch.chdir(tmp_path)
    env = NextInInfo(gym.make("CartPole-v1"))
    agent = Checking(observation_space=env.observation_space, action_space=env.action_space)
    VectorLoop(agent, env, seed=2, num_envs=3, vectorization_mode=mode, max_episodes=9, logdir=None,
               episodes_csv=None, evals_csv=None, checkpoint_dir=str(tmp_path / "ck")).train()
    assert agent.ids == {0, 1, 2}
    assert (agent.wrong, agent.right > 100) == (0, True)


class WithoutIndex(Checking):
    def act(self, state, episode_num):
        return super().act(state, episode_num, 0)

    def memorize(self, last_ob, action, reward, done, ob, info):
        super().memorize(last_ob, action, reward, done, ob, info, 0)


def test_an_agent_that_does_not_name_env_id_is_called_without_it(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    env = NextInInfo(gym.make("CartPole-v1"))
    agent = WithoutIndex(observation_space=env.observation_space, action_space=env.action_space)
    VectorLoop(agent, env, seed=2, num_envs=1, vectorization_mode="sync", max_episodes=3, logdir=None,
               episodes_csv=None, evals_csv=None, checkpoint_dir=str(tmp_path / "ck")).train()
    assert (agent.ids, agent.wrong) == ({0}, 0)


def normalized_vector(num_envs=1, **kwargs):
    from gymnasium.envs.classic_control.cartpole import CartPoleVectorEnv
    from gymnasium.wrappers.vector import NormalizeReward

    return NormalizeReward(CartPoleVectorEnv(num_envs=num_envs, **kwargs))


def test_vector_entry_point_records_the_tasks_returns_beneath_its_own_normalize_reward(tmp_path, monkeypatch):
    # left9's note: sync and async put a RawReturn beneath each copy's NormalizeReward; an env's own vector entry
    # point that normalizes its rewards recorded their sums, not CartPole's returns (1 a step), as DefaultLoop does.
    # (A NormalizeReward on the single env, by its entry point or after make, is in its spec, which make_vec refuses
    # for vector_entry_point: loop.parameters.vectorization_mode: Cannot use `vector_entry_point` ...)
    from gym_loop.loops.base_loop import Episode

    monkeypatch.chdir(tmp_path)
    gym.register("NormCartPoleLeft13b-v0", entry_point="gymnasium.envs.classic_control.cartpole:CartPoleEnv",
                 vector_entry_point=normalized_vector,
                 max_episode_steps=100)
    env = gym.make("NormCartPoleLeft13b-v0")
    agent = Checking(observation_space=env.observation_space, action_space=env.action_space)
    loop = VectorLoop(agent, env, seed=2, num_envs=3, vectorization_mode="vector_entry_point", max_episodes=9)
    loop.vector_seed = None
    episodes = [episode for group in itertools.islice(loop.training_episodes(), 200) for episode in group]
    assert len(episodes) >= 6 and all(isinstance(episode, Episode) for episode in episodes)
    assert [episode.episode_return for episode in episodes] == [float(episode.length) for episode in episodes]
