"""Tabular Q-learning for envs with discrete states and actions, such as FrozenLake-v1 and Taxi-v4."""

from typing import Any, Dict, Optional

import numpy as np

from gym_loop.agents.base_agent import BaseAgent
from gym_loop.errors import SpecError
from gym_loop.rules import NON_NEGATIVE_INT, Parameter, defaults_of, number_in, rules_of


class QLearningAgent(BaseAgent):
    """Watkins' Q-learning over a table of action values, epsilon-greedy while training (docs/learning.rst).

    The target bootstraps from the next state unless the episode *terminated*: a time limit (truncation)
    cuts an episode whose state still has a future.
    """

    PARAMETERS = {
        "learning_rate": Parameter(0.1, number_in(0, 1), (
            "Step size of each update of the table towards its target (0 never learns: a baseline).")),
        "discount": Parameter(0.99, number_in(0, 1), "Weight of the next state's value in the target."),
        "epsilon_start": Parameter(1.0, number_in(0, 1), "Probability of a random action at the start of training."),
        "epsilon_end": Parameter(0.05, number_in(0, 1), "Probability of a random action once the decay is over."),
        "epsilon_decay_steps": Parameter(10000, NON_NEGATIVE_INT, (
            "Learning steps (transitions memorized) over which epsilon falls linearly from ``epsilon_start`` to "
            "``epsilon_end``; 0 for ``epsilon_end`` from the start.")),
    }
    PARAMETER_RULES = rules_of(PARAMETERS)

    @staticmethod
    def get_default_parameters() -> Dict:
        """Specifies tweakable parameters for agents: the learning rate, the discount and the epsilon schedule."""
        return defaults_of(QLearningAgent.PARAMETERS)

    def __init__(self, **params: Any):
        super().__init__(**params)
        states, actions = (_discrete(self.parameters[name], name) for name in ("observation_space", "action_space"))
        self.first_state, self.first_action = int(states.start), int(actions.start)
        self.q_table = np.zeros((int(states.n), int(actions.n)))
        self.steps = 0  # learning steps taken
        self.td_error_sum, self.td_error_count = 0.0, 0  # of the episode in progress
        self.td_error = 0.0  # mean absolute TD error of the last finished episode

    @property
    def epsilon(self) -> float:
        """The exploration rate after ``steps`` learning steps (transitions memorized)."""
        p = self.parameters
        fraction = min(1.0, self.steps / p["epsilon_decay_steps"]) if p["epsilon_decay_steps"] else 1.0
        return p["epsilon_start"] + fraction * (p["epsilon_end"] - p["epsilon_start"])

    def act(self, state: Any, episode_num: int, evaluation: bool = False) -> int:
        """A random action with probability epsilon while training, else the best one.

        Ties between the best actions are broken at random while training, by the first in evaluation.
        """
        values = self.q_table[int(state) - self.first_state]
        if evaluation:
            return int(np.argmax(values)) + self.first_action
        if self.rng.random() < self.epsilon:
            return int(self.rng.integers(len(values))) + self.first_action
        best = np.flatnonzero(values == values.max())
        return int(best[0] if len(best) == 1 else self.rng.choice(best)) + self.first_action

    def memorize(self, last_ob: Any, action: Any, reward: float, done: bool, ob: Any,
                 terminated: Optional[bool] = None) -> None:
        """One Q-learning step on the transition.

        Learning here rather than in ``update`` learns from every transition: the random warm-up
        episodes' too (Q-learning is off-policy), and each sub-env's under ``VectorLoop``. The loops
        pass ``terminated``; a loop calling ``memorize`` with the README's five arguments has ``done``
        taken for it (a truncated episode's last value then is not bootstrapped).
        """
        if terminated is None:
            terminated = done
        state, action = int(last_ob) - self.first_state, int(action) - self.first_action
        next_values = self.q_table[int(ob) - self.first_state]
        target = float(reward) if terminated else float(reward) + self.parameters["discount"] * next_values.max()
        td_error = target - self.q_table[state, action]
        self.q_table[state, action] += self.parameters["learning_rate"] * td_error
        self.steps += 1
        self.td_error_sum += abs(td_error)
        self.td_error_count += 1
        if done:
            self.td_error = self.td_error_sum / self.td_error_count
            self.td_error_sum, self.td_error_count = 0.0, 0

    def metrics(self, episode_num: int) -> Dict[str, float]:
        """Epsilon, the last episode's mean absolute TD error, and the learning steps so far."""
        return {"q_learning/epsilon": self.epsilon, "q_learning/td_error": self.td_error,
                "q_learning/steps": self.steps}


def _discrete(space: Any, name: str) -> Any:
    """``space`` if it is a ``Discrete`` space; else the error that says what to use instead."""
    from gymnasium.spaces import Discrete

    if not isinstance(space, Discrete):
        raise SpecError("agent.class", f"QLearningAgent needs a Discrete {name.replace('_', ' ')}, and the env's is "
                                       f"{space}; use an env with discrete states and actions (FrozenLake-v1, "
                                       f"Taxi-v4), or gym_loop.agents.cross_entropy:CrossEntropyAgent")
    return space
