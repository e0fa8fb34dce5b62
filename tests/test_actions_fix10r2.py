"""gym-loop's own check of an agent's action hides Gymnasium's warning of a cast (a list for a Box) where the action
is judged once, without touching Python's warning filters: a warning the env raises each step is still shown once
(``catch_warnings`` per batch re-showed it after each, review10-1)."""

import warnings

import gymnasium
import numpy as np
import pytest
from gymnasium.envs.classic_control import CartPoleEnv

from gym_loop.agents import BaseAgent
from gym_loop.errors import GymLoopError
from gym_loop.loops.default_loop import DefaultLoop
from gym_loop.loops.vector_loop import VectorLoop


class Fixed(BaseAgent):
    ANY_PARAMETERS = True

    def act(self, state, episode_num):
        return self.action


class Noisy(CartPoleEnv):
    def step(self, action):
        warnings.warn("noisy env fix10r2: a thing said each step")
        return super().step(action)


def _shown(run):
    """The warnings Python shows while ``run()`` runs, under its default filter (once per location)."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("default")
        run()
    return [str(warning.message) for warning in caught]


@pytest.mark.parametrize("loop", [DefaultLoop, VectorLoop])
def test_a_list_action_refused_at_step_1_shows_no_cast_warning(tmp_path, monkeypatch, loop):
    monkeypatch.chdir(tmp_path)
    env = gymnasium.make("Pendulum-v1")
    agent = Fixed(observation_space=env.observation_space, action_space=env.action_space, action=[5.0])
    extra = {"num_envs": 2, "vectorization_mode": "sync"} if loop is VectorLoop else {}
    run = loop(agent, env, seed=1, max_episodes=1, max_episode_len=5, logdir=str(tmp_path / "logs"), **extra)

    def train():
        with pytest.raises(GymLoopError, match=r"agent.act returned \[5.0\].*not an action of Box"):
            run.train()
    assert not [text for text in _shown(train) if "Casting input x" in text]


def test_a_warning_each_step_is_shown_once_under_vector_loop_warm_up(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    gymnasium.register("NoisyFix10r2-v0", entry_point=Noisy, max_episode_steps=20)
    env = gymnasium.make("NoisyFix10r2-v0")
    agent = Fixed(observation_space=env.observation_space, action_space=env.action_space, action=0)
    loop = VectorLoop(agent, env, seed=1, max_episodes=8, random_episodes=2, num_envs=2, vectorization_mode="sync",
                      logdir=str(tmp_path / "logs"))
    assert [text for text in _shown(loop.train) if "noisy env fix10r2" in text] == ["noisy env fix10r2: a thing said each step"]
