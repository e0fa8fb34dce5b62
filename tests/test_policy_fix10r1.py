"""review10-5: a policy on BasePolicy then nn.Module called from outside its act (the agent's
``self.policy(torch.as_tensor(s))``) is act, as the seeds say; ``self(x)`` while its act runs is forward."""

import gymnasium as gym
import pytest

from gym_loop.agents import BaseAgent
from gym_loop.loops.default_loop import DefaultLoop
from gym_loop.policies import BasePolicy

torch = pytest.importorskip("torch")


class Q(BasePolicy, torch.nn.Module):
    def __init__(self, **params):
        BasePolicy.__init__(self, **params)
        torch.nn.Module.__init__(self)
        self.net = torch.nn.Linear(4, 2)

    def forward(self, x):
        return self.net(x)

    def act(self, state):
        with torch.no_grad():
            return int(self(torch.as_tensor(state, dtype=torch.float32)).argmax())  # self(x) here: forward


class TensorAgent(BaseAgent):
    ANY_PARAMETERS = True

    def act(self, state, episode_num):
        return self.policy(torch.as_tensor(state, dtype=torch.float32))


def test_an_agent_calling_its_torch_policy_with_a_tensor_gets_act(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    env = gym.make("CartPole-v1")
    policy = Q()
    state = torch.ones(4)
    assert policy(state) == policy.act(state) in (0, 1)
    agent = TensorAgent(observation_space=env.observation_space, action_space=env.action_space, policy=policy)
    loop = DefaultLoop(agent, env, seed=1, max_episodes=1, logdir=str(tmp_path))
    loop.train()  # act returned the int act gives, not the Q-values
