"""fix14e: the messages a Python (notebook) user of DefaultLoop and BaseAgent meets, word for word as docs/errors.rst
has them (tester14e-8); tests/fix14e_scenarios.py names their rows."""

import re
from pathlib import Path

import gymnasium as gym
import numpy as np
import pytest

from gym_loop.agents import BaseAgent
from gym_loop.errors import GymLoopError, SpecError
from gym_loop.loops.default_loop import DefaultLoop

ERRORS_PAGE = (Path(__file__).parent.parent / "docs" / "errors.rst").read_text()


def documented(message):
    assert f"``{message}``" in ERRORS_PAGE, message
    return re.escape(message)


class NoAct:
    pass


def test_render_modes(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    env = gym.make("CartPole-v1")
    agent = BaseAgent(observation_space=env.observation_space, action_space=env.action_space)
    with pytest.raises(GymLoopError, match=documented(
            "recording needs the env made with render_mode='rgb_array', not None; make it with "
            "gymnasium.make(name, render_mode=\"rgb_array\")")):
        DefaultLoop(agent, env, record=True).train()
    with pytest.raises(GymLoopError, match=documented(
            "rendering needs the env made with render_mode='human', not None; make it with "
            "gymnasium.make(name, render_mode=\"human\")")):
        DefaultLoop(agent, env, render=True).train()


def test_an_agent_without_act_and_a_parameter_named_rng():
    env = gym.make("CartPole-v1")
    with pytest.raises(GymLoopError, match=documented("NoAct has no act(state, episode_num) method")):
        DefaultLoop(NoAct(), env)
    with pytest.raises(SpecError, match=documented(
            "agent.parameters.rng: is reserved for the run's seeded random generator, self.rng; rename it")):
        BaseAgent(observation_space=env.observation_space, action_space=env.action_space, rng=3)
    assert BaseAgent(rng=np.random.default_rng(1)).rng is not None  # the run's generator is no parameter
