"""A loop's own train() returns a Summary that says how the run ended, as train_agent's does (tester7a-5)."""

import gymnasium
import pytest

from gym_loop.agents.random_agent import RandomAgent
from gym_loop.loops.default_loop import DefaultLoop


@pytest.mark.parametrize("parameters, reason", [
    ({}, "ran every planned episode"),
    ({"reward_threshold": 5}, "solved after 100 episodes: "),
])
def test_a_loops_train_returns_a_summary_with_status_and_reason(tmp_path, monkeypatch, parameters, reason):
    monkeypatch.chdir(tmp_path)
    env = gymnasium.make("CartPole-v1")
    agent = RandomAgent(observation_space=env.observation_space, action_space=env.action_space)
    episodes = 3 if not parameters else 150
    summary = DefaultLoop(agent, env, max_episodes=episodes, seed=3, **parameters).train()
    assert summary.status == "finished" and summary.reason.startswith(reason)
    assert f"status='finished'; reason='{reason}" in repr(summary)
