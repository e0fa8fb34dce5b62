"""PPO in PyTorch, as an agent in a local file, for discrete actions: a clipped surrogate
objective, and advantages estimated with GAE per episode segment, truncation included.

The agent collects ``n_steps`` transitions, then makes ``n_epochs`` passes over them in
minibatches. GAE runs backwards through each episode segment of the rollout: a segment that
*terminated* ends with a value of 0; one cut by a time limit (*truncated*), or by the end of the
rollout, ends with the critic's value of the observation where it was cut, because that state
still has a future. Evaluation plays the most probable action.

Checkpoints hold the networks, the optimizer and the rollout in progress, written with
``torch.save``; gym-loop saves torch's generator, from which actions are sampled, so
``--resume`` continues the same run.

    python -m pip install torch==2.13.0 --index-url https://download.pytorch.org/whl/cpu
    python -m pip install -e '.[torch]'
    gym-loop train -c examples/ppo.yaml
"""

import numpy as np
import torch
from torch import nn
from torch.distributions import Categorical

from gym_loop.agents import BaseAgent


def mlp(sizes, output_gain):
    """Tanh layers with orthogonal initialization, as Stable-Baselines3's PPO has them."""
    layers = []
    for inputs, outputs in zip(sizes[:-1], sizes[1:]):
        layer = nn.Linear(inputs, outputs)
        nn.init.orthogonal_(layer.weight, np.sqrt(2))
        nn.init.zeros_(layer.bias)
        layers += [layer, nn.Tanh()]
    nn.init.orthogonal_(layers[-2].weight, output_gain)
    return nn.Sequential(*layers[:-1])


class PPOAgent(BaseAgent):
    DEFAULT_ENV = "CartPole-v1"  # create-default's env: it takes a Discrete action space (Pendulum-v1's is Box)
    SINGLE_ENV = True  # memorize pairs a transition with the last act's choice; the rollout is one env's

    @staticmethod
    def get_default_parameters():
        """Specifies tweakable parameters for agents

        Returns:
            dict: default parameters for the agent
        """
        return {
            "num_threads": 1,  # torch.set_num_threads: a network this small only loses time to more
            "n_steps": 256,
            "n_epochs": 10,
            "batch_size": 64,
            "learning_rate": 1e-3,
            "gamma": 0.98,
            "gae_lambda": 0.8,
            "clip_range": 0.2,
            "ent_coef": 0.0,
            "vf_coef": 0.5,
            "max_grad_norm": 0.5,
            "hidden_sizes": [64, 64],
        }

    def __init__(self, **params):
        super().__init__(**params)
        p = self.parameters
        torch.set_num_threads(p["num_threads"])  # the result depends on it too: run.json records it
        inputs = int(np.prod(p["observation_space"].shape))
        self.actor = mlp([inputs, *p["hidden_sizes"], int(p["action_space"].n)], output_gain=0.01)
        self.critic = mlp([inputs, *p["hidden_sizes"], 1], output_gain=1.0)
        self.optimizer = torch.optim.Adam([*self.actor.parameters(), *self.critic.parameters()],
                                          lr=p["learning_rate"])
        self.rollout = []  # (observation, action, log_prob, value, reward, end_value) per step
        self.chosen = None  # log_prob and value of the action act() returned last
        self.last_ob = None  # the observation after the rollout's last step
        self.losses = {}

    def act(self, state, episode_num, evaluation=False):
        """Retrieves agent's action upon state: sampled in training, the most probable in evaluation"""
        observation = torch.as_tensor(state, dtype=torch.float32).flatten()
        with torch.no_grad():
            logits = self.actor(observation)
            if evaluation:
                return int(logits.argmax())
            distribution = Categorical(logits=logits)
            action = distribution.sample()
            self.chosen = (distribution.log_prob(action).item(), self.critic(observation).item())
        return int(action)

    def memorize(self, last_ob, action, reward, done, ob, terminated):
        """Called after environment steps on action, arguments are classic SARSA tuple"""
        if self.chosen is None:  # a random_episodes step, not this policy's: PPO is on-policy and skips it
            return
        end_value = 0.0 if terminated else self._value(ob) if done else None
        self.rollout.append((last_ob, action, *self.chosen, float(reward), end_value))
        self.chosen, self.last_ob = None, ob

    def update(self, episode_num):
        """Called immediately after memorize: train once the rollout is full"""
        if len(self.rollout) < self.parameters["n_steps"]:
            return
        observation, action, log_prob, value, reward, end_value = self.rollout[-1]
        if end_value is None:  # the rollout ends inside an episode: bootstrap from where it stops
            self.rollout[-1] = (observation, action, log_prob, value, reward, self._value(self.last_ob))
        self._train()
        self.rollout = []

    def _value(self, observation):
        with torch.no_grad():
            return self.critic(torch.as_tensor(observation, dtype=torch.float32).flatten()).item()

    def _advantages(self, values, rewards, end_values):
        """GAE, backwards through each episode segment, from the value its segment ends with."""
        p = self.parameters
        advantages, running = np.zeros(len(values)), 0.0
        for t in reversed(range(len(values))):
            if end_values[t] is not None:  # the last step of a segment
                next_value, running = end_values[t], 0.0
            else:
                next_value = values[t + 1]
            delta = rewards[t] + p["gamma"] * next_value - values[t]
            running = delta + p["gamma"] * p["gae_lambda"] * running
            advantages[t] = running
        return advantages

    def _train(self):
        p = self.parameters
        observations, actions, log_probs, values, rewards, end_values = zip(*self.rollout)
        advantages = self._advantages(values, rewards, end_values)
        returns = torch.as_tensor(advantages + np.array(values), dtype=torch.float32)
        advantages = torch.as_tensor(advantages, dtype=torch.float32)
        observations = torch.as_tensor(np.array(observations), dtype=torch.float32).flatten(1)
        actions, log_probs = torch.as_tensor(actions), torch.as_tensor(log_probs, dtype=torch.float32)
        history = []
        for _ in range(p["n_epochs"]):
            for batch in np.array_split(self.rng.permutation(len(actions)), max(1, len(actions) // p["batch_size"])):
                history.append(self._train_batch(observations[batch], actions[batch], log_probs[batch],
                                                 advantages[batch], returns[batch]))
        self.losses = {name: float(np.mean([h[name] for h in history])) for name in history[0]}

    def _train_batch(self, observations, actions, old_log_probs, advantages, returns):
        p = self.parameters
        distribution = Categorical(logits=self.actor(observations))
        ratio = torch.exp(distribution.log_prob(actions) - old_log_probs)
        advantages = (advantages - advantages.mean()) / (advantages.std() + 1e-8)
        clipped = torch.clamp(ratio, 1 - p["clip_range"], 1 + p["clip_range"])
        policy_loss = -torch.min(ratio * advantages, clipped * advantages).mean()
        value_loss = (self.critic(observations).squeeze(1) - returns).pow(2).mean()
        entropy = distribution.entropy().mean()
        loss = policy_loss + p["vf_coef"] * value_loss - p["ent_coef"] * entropy
        self.optimizer.zero_grad()
        loss.backward()
        nn.utils.clip_grad_norm_([*self.actor.parameters(), *self.critic.parameters()], p["max_grad_norm"])
        self.optimizer.step()
        clip_fraction = ((ratio - 1).abs() > p["clip_range"]).float().mean()
        return {"ppo/policy_loss": policy_loss.item(), "ppo/value_loss": value_loss.item(),
                "ppo/entropy": entropy.item(), "ppo/clip_fraction": clip_fraction.item()}

    def metrics(self, episode_num):
        """Returns dict with metrics to log in tensorboard: the last training round's losses"""
        return self.losses

    def save(self, path):
        rollout = [(torch.as_tensor(observation), *rest) for observation, *rest in self.rollout]  # no NumPy:
        torch.save({"actor": self.actor.state_dict(), "critic": self.critic.state_dict(),  # weights_only loads it
                    "optimizer": self.optimizer.state_dict(), "rollout": rollout, "losses": self.losses}, path)

    def load(self, path):
        state = torch.load(path)  # weights_only: tensors and plain values only, whoever wrote the file
        state["rollout"] = [(observation.numpy(), *rest) for observation, *rest in state["rollout"]]
        self.actor.load_state_dict(state["actor"])
        self.critic.load_state_dict(state["critic"])
        self.optimizer.load_state_dict(state["optimizer"])  # its param_groups hold the checkpoint's lr:
        for group in self.optimizer.param_groups:  # the spec's, so --resume --set agent.parameters.learning_rate works
            group["lr"] = self.parameters["learning_rate"]
        self.rollout, self.losses = state["rollout"], state["losses"]
