"""DQN in PyTorch, as an agent in a local file: a replay buffer, a target network, and
bootstrapping on ``terminated`` only (a time limit cuts an episode; it does not end its future).

The defaults are RL Zoo's tuned hyperparameters for Stable-Baselines3's DQN on CartPole-v1,
which solves it within 50,000 env steps. Epsilon falls linearly over ``exploration_steps``
(RL Zoo's ``exploration_fraction`` 0.16 of 50,000), and evaluation acts greedily.

It learns from every transition memorize is given, the loop's ``random_episodes`` included:
training starts at the ``learning_starts``-th transition, inside those episodes if they last
that long, as Stable-Baselines3's DQN trains once it has ``learning_starts`` steps, whatever
chose their actions (off-policy: random actions teach it as its own do).

Checkpoints hold the networks, the optimizer, the replay buffer and the counters, written with
``torch.save``; gym-loop saves the generators (``self.rng``, torch's), so ``--resume`` continues
the same run.

    python -m pip install torch==2.13.0 --index-url https://download.pytorch.org/whl/cpu
    python -m pip install -e '.[torch]'
    gym-loop train -c examples/dqn.yaml
"""

import numpy as np
import torch
from torch import nn

from gym_loop.agents import BaseAgent


class ReplayBuffer:
    """The last ``capacity`` transitions, in tensors, sampled uniformly."""

    def __init__(self, capacity, observation_shape):
        self.observations = torch.zeros((capacity, *observation_shape))
        self.next_observations = torch.zeros((capacity, *observation_shape))
        self.actions = torch.zeros(capacity, dtype=torch.long)
        self.rewards = torch.zeros(capacity)
        self.terminated = torch.zeros(capacity)
        self.size, self.position = 0, 0

    def add(self, observation, action, reward, next_observation, terminated):
        i = self.position
        self.observations[i] = torch.as_tensor(observation)
        self.next_observations[i] = torch.as_tensor(next_observation)
        self.actions[i], self.rewards[i], self.terminated[i] = int(action), float(reward), float(terminated)
        self.position = (i + 1) % len(self.rewards)
        self.size = min(self.size + 1, len(self.rewards))

    def sample(self, batch_size, rng):
        i = torch.as_tensor(rng.integers(self.size, size=batch_size))
        return (self.observations[i], self.actions[i], self.rewards[i], self.next_observations[i],
                self.terminated[i])

    def state_dict(self):
        return dict(vars(self))

    def load_state_dict(self, state):
        vars(self).update(state)


def mlp(sizes):
    layers = []
    for inputs, outputs in zip(sizes[:-1], sizes[1:]):
        layers += [nn.Linear(inputs, outputs), nn.ReLU()]
    return nn.Sequential(*layers[:-1])


class DQNAgent(BaseAgent):
    DEFAULT_ENV = "CartPole-v1"  # create-default's env: it takes a Discrete action space (Pendulum-v1's is Box)

    @staticmethod
    def get_default_parameters():
        """Specifies tweakable parameters for agents

        Returns:
            dict: default parameters for the agent (RL Zoo's for CartPole-v1)
        """
        return {
            "num_threads": 1,  # torch.set_num_threads: a network this small only loses time to more
            "learning_rate": 2.3e-3,
            "batch_size": 64,
            "buffer_size": 100000,
            "learning_starts": 1000,
            "gamma": 0.99,
            "target_update_interval": 10,
            "train_freq": 256,
            "gradient_steps": 128,
            "exploration_steps": 8000,
            "exploration_initial_eps": 1.0,
            "exploration_final_eps": 0.04,
            "hidden_sizes": [256, 256],
            "max_grad_norm": 10,
        }

    def __init__(self, **params):
        super().__init__(**params)
        p = self.parameters
        torch.set_num_threads(p["num_threads"])  # the result depends on it too: run.json records it
        observation_shape = p["observation_space"].shape
        sizes = [int(np.prod(observation_shape)), *p["hidden_sizes"], int(p["action_space"].n)]
        self.q_net, self.target_net = mlp(sizes), mlp(sizes)
        self.target_net.load_state_dict(self.q_net.state_dict())
        self.optimizer = torch.optim.Adam(self.q_net.parameters(), lr=p["learning_rate"])
        self.buffer = ReplayBuffer(p["buffer_size"], observation_shape)
        self.steps = 0
        self.loss = None  # mean loss of the last training round

    @property
    def epsilon(self):
        p = self.parameters
        fraction = min(1.0, self.steps / p["exploration_steps"])
        return p["exploration_initial_eps"] + fraction * (p["exploration_final_eps"] - p["exploration_initial_eps"])

    def act(self, state, episode_num, evaluation=False):
        """Retrieves agent's action upon state: epsilon-greedy in training, greedy in evaluation"""
        if not evaluation and self.rng.random() < self.epsilon:
            return int(self.rng.integers(self.parameters["action_space"].n))
        with torch.no_grad():
            return int(self.q_net(torch.as_tensor(state, dtype=torch.float32)).argmax())

    def memorize(self, last_ob, action, reward, done, ob, terminated):
        """Store the transition; train every train_freq transitions, copy the target network every
        target_update_interval. Counted here, per transition, so VectorLoop (which calls memorize per
        sub-env and update once per vector step) trains as often as DefaultLoop."""
        self.buffer.add(last_ob, action, reward, ob, terminated)
        self.steps += 1
        p = self.parameters
        if self.steps >= p["learning_starts"] and self.steps % p["train_freq"] == 0:
            self.loss = float(np.mean([self._train_step() for _ in range(p["gradient_steps"])]))
        if self.steps % p["target_update_interval"] == 0:
            self.target_net.load_state_dict(self.q_net.state_dict())

    def _train_step(self):
        p = self.parameters
        observations, actions, rewards, next_observations, terminated = self.buffer.sample(p["batch_size"], self.rng)
        with torch.no_grad():
            next_values = self.target_net(next_observations).max(dim=1).values
            targets = rewards + p["gamma"] * (1.0 - terminated) * next_values
        values = self.q_net(observations).gather(1, actions.unsqueeze(1)).squeeze(1)
        loss = nn.functional.smooth_l1_loss(values, targets)
        self.optimizer.zero_grad()
        loss.backward()
        nn.utils.clip_grad_norm_(self.q_net.parameters(), p["max_grad_norm"])
        self.optimizer.step()
        return loss.item()

    def metrics(self, episode_num):
        """Returns dict with metrics to log in tensorboard"""
        metrics = {"dqn/epsilon": self.epsilon, "dqn/buffer_size": self.buffer.size}
        if self.loss is not None:
            metrics["dqn/loss"] = self.loss
        return metrics

    def save(self, path):
        torch.save({"q_net": self.q_net.state_dict(), "target_net": self.target_net.state_dict(),
                    "optimizer": self.optimizer.state_dict(), "buffer": self.buffer.state_dict(),
                    "steps": self.steps, "loss": self.loss}, path)

    def load(self, path):
        state = torch.load(path)
        self.q_net.load_state_dict(state["q_net"])
        self.target_net.load_state_dict(state["target_net"])
        self.optimizer.load_state_dict(state["optimizer"])  # its param_groups hold the checkpoint's lr:
        for group in self.optimizer.param_groups:  # the spec's, so --resume --set agent.parameters.learning_rate works
            group["lr"] = self.parameters["learning_rate"]
        self.buffer.load_state_dict(state["buffer"])
        self.steps, self.loss = state["steps"], state["loss"]
