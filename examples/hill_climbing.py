"""A custom agent in a local file: hill climbing over a linear policy, NumPy only.

Written exactly like the README's template (parameters through ``self.parameters``,
``memorize(last_ob, action, reward, done, ob)``). It keeps the best weights found so far and,
after every episode, tries them plus noise: a better episode return is kept and the noise shrinks,
a worse one widens the search. It solves CartPole-v1 in a few dozen episodes.

Its noise comes from ``self.rng``, the generator gym-loop seeds from the spec's ``seed``, and
``save`` writes its whole learning state, so a run reproduces and resumes exactly.

Run it with ``gym-loop train -c examples/hill_climbing.yaml``.
"""

import pickle

import numpy as np

from gym_loop.agents import BaseAgent


class HillClimbingAgent(BaseAgent):
    DEFAULT_ENV = "CartPole-v1"  # create-default's env: it takes a Discrete action space (Pendulum-v1's is Box)
    SINGLE_ENV = True  # one episode's return scores the weights act played: VectorLoop would mix sub-envs
    LEARNED = ("best_weights", "best_return", "weights", "noise")  # what save() writes

    @staticmethod
    def get_default_parameters():
        """Specifies tweakable parameters for agents

        Returns:
            dict: default parameters for the agent
        """
        return {"noise_scale": 0.1, "min_noise": 0.001, "max_noise": 2.0}

    def __init__(self, **params):
        super().__init__(**params)
        observation_size = self.parameters["observation_space"].shape[0]
        action_count = self.parameters["action_space"].n
        self.noise = self.parameters["noise_scale"]
        self.best_weights = 1e-4 * self.rng.random((observation_size, action_count))
        self.best_return = -np.inf
        self.weights = self.best_weights
        self.episode_return = 0.0

    def act(self, state, episode_num, evaluation=False):
        """Retrieves agent's action upon state: the weights on trial, or the best found in evaluation"""
        return int(np.argmax(state @ (self.best_weights if evaluation else self.weights)))

    def memorize(self, last_ob, action, reward, done, ob):
        """Called after environment steps on action, arguments are classic SARSA tuple"""
        self.episode_return += reward
        self.episode_done = done

    def update(self, episode_num):
        """Called immediately after memorize"""
        if not self.episode_done:
            return
        if self.episode_return >= self.best_return:
            self.best_return, self.best_weights = self.episode_return, self.weights
            self.noise = max(self.parameters["min_noise"], self.noise / 2)
        else:
            self.noise = min(self.parameters["max_noise"], self.noise * 2)
        self.weights = self.best_weights + self.noise * self.rng.standard_normal(self.weights.shape)
        self.episode_return = 0.0

    def metrics(self, episode_num):
        return {"hill_climbing/best_return": self.best_return, "hill_climbing/noise": self.noise}

    def save(self, path):
        with open(path, "wb") as file:
            pickle.dump({name: getattr(self, name) for name in self.LEARNED}, file)

    def load(self, path):
        with open(path, "rb") as file:
            vars(self).update(pickle.load(file))
