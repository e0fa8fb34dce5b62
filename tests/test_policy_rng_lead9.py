"""A policy with a generator of its own: periodic evaluations do not change training (tester9b-24)."""

import textwrap

from gym_loop.gym_loop import train_agent

POLICY_AND_AGENT = '''
import numpy as np
from gym_loop.agents import BaseAgent
from gym_loop.policies import BasePolicy


class EpsGreedy(BasePolicy):
    @staticmethod
    def get_default_parameters():
        return {"epsilon": 0.5}

    def __init__(self, observation_space, action_space, **params):
        super().__init__(observation_space, action_space, **params)
        self.rng = np.random.default_rng(0)

    def act(self, q):
        if self.rng.random() < self.epsilon:
            return int(self.rng.integers(self.action_space.n))
        return int(np.argmax(q))


class GreedyAgent(BaseAgent):
    @staticmethod
    def get_default_policy():
        return {"class": "own_policy.py:EpsGreedy", "parameters": {}}

    def act(self, state, episode_num):
        return self.policy(np.zeros(self.action_space.n))
'''


def _training_rows(tmp_path, name, episodes_per_eval):
    spec = {"agent": {"class": "own_policy.py:GreedyAgent", "parameters": {}}, "env": {"name": "CartPole-v1"},
            "loop": {"parameters": {"max_episodes": 12, "episodes_per_eval": episodes_per_eval, "eval_episodes": 2,
                                    "logdir": None}},
            "seed": 4}
    train_agent(spec, run_dir=tmp_path / name)
    return [row.split(",")[:4] for row in (tmp_path / name / "episodes.csv").read_text().splitlines()]


def test_evaluations_leave_a_policys_own_generator_as_training_left_it(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "own_policy.py").write_text(textwrap.dedent(POLICY_AND_AGENT))
    assert _training_rows(tmp_path, "evaluated", 3) == _training_rows(tmp_path, "not", None)
