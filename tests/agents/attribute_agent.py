"""An agent written in the original gym-loop's style: parameters, spaces and policy read as attributes.

A small policy-gradient learner in PyTorch whose policy is a ``torch.nn.Module`` given by
``get_default_policy``. It defines no ``save``/``load``, and its ``memorize`` takes the original's
sixth positional ``global_step``; ``metrics`` returns a torch tensor and NumPy scalars.
"""

import numpy as np
import torch

from gym_loop.agents import BaseAgent


class TinyPolicy(torch.nn.Module):
    """Logits of a small network over the observation."""

    @staticmethod
    def get_default_parameters():
        return {"hidden": 8}

    def __init__(self, observation_space, action_space, hidden=8):
        super().__init__()
        self.net = torch.nn.Sequential(torch.nn.Linear(observation_space.shape[0], hidden), torch.nn.Tanh(),
                                       torch.nn.Linear(hidden, int(action_space.n)))

    def forward(self, state):
        return self.net(torch.as_tensor(np.asarray(state), dtype=torch.float32))


class AttributeAgent(BaseAgent):
    @staticmethod
    def get_default_parameters():
        return {"learning_rate": 0.01, "gamma": 0.99, "n_steps": 16}

    @staticmethod
    def get_default_policy():
        return {"class": "attribute_agent.py:TinyPolicy", "parameters": {"hidden": 8}}

    def __init__(self, **params):
        super().__init__(**params)
        assert self.observation_space.shape == (4,) and self.action_space.n == 2
        self.optimizer = torch.optim.Adam(self.policy.parameters(), lr=self.learning_rate)
        self.transitions = []
        self.last_loss = torch.tensor(0.0)
        self.steps_seen = 0

    def act(self, state, episode_num):
        with torch.no_grad():
            logits = self.policy(state)
        return int(torch.distributions.Categorical(logits=logits).sample())

    def memorize(self, last_ob, action, reward, done, ob, global_step):
        self.transitions.append((np.asarray(last_ob), action, float(reward), bool(done)))
        self.steps_seen = global_step

    def update(self, episode_num):
        if len(self.transitions) < self.n_steps:
            return
        states = torch.as_tensor(np.stack([t[0] for t in self.transitions]), dtype=torch.float32)
        actions = torch.as_tensor([t[1] for t in self.transitions])
        returns, running = [], 0.0
        for _, _, reward, done in reversed(self.transitions):
            running = reward + self.gamma * running * (not done)
            returns.append(running)
        returns = torch.as_tensor(returns[::-1], dtype=torch.float32)
        log_probs = torch.distributions.Categorical(logits=self.policy(states)).log_prob(actions)
        loss = -(log_probs * (returns - returns.mean())).mean()
        self.optimizer.zero_grad()
        loss.backward()
        self.optimizer.step()
        self.last_loss = loss.detach()
        self.transitions = []

    def metrics(self, episode_num):
        return {"attribute/loss": self.last_loss, "attribute/steps": np.int64(self.steps_seen),
                "attribute/learning_rate": np.float32(self.learning_rate)}
