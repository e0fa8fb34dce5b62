"""tester13g-9: a Python-built loop keeping eval_env under another name beside a further env: not guessed."""

import gymnasium as gym
import pytest
from test_loops_left13b import OWN_LOOP

from gym_loop.agents import RandomAgent
from gym_loop.errors import GymLoopError


def test_a_loop_keeping_two_envs_besides_the_training_env_is_refused_before_playing(tmp_path, monkeypatch):
    (tmp_path / "own_loop_g.py").write_text(OWN_LOOP)
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.chdir(tmp_path)
    from own_loop_g import OwnLoop

    env = gym.make("CartPole-v1")
    agent = RandomAgent(observation_space=env.observation_space, action_space=env.action_space)
    loop = OwnLoop(agent, env, eval_env=gym.make("CartPole-v1"), max_episodes=4, episodes_per_eval=2, eval_episodes=2)
    loop.watch = gym.make("CartPole-v1")  # one to show the agent now and then
    with pytest.raises(GymLoopError) as refused:
        loop.train()
    assert str(refused.value) == ("episodes_per_eval: OwnLoop keeps several envs besides the training env (second, "
                                  "watch) and which it evaluates on cannot be told; keep that one as self.eval_env in "
                                  "OwnLoop.__init__")
    assert not (tmp_path / "episodes.csv").exists()
    loop.watch = loop.second  # the same env under two names: one
    loop.train()
    assert loop.eval_env is loop.second
