"""Tabular Q-learning for envs with discrete states and actions, such as FrozenLake-v1, Taxi-v4 and Blackjack-v1."""

from typing import Any, Dict, Iterator, List, Optional, Tuple

import numpy as np

from gym_loop.agents.base_agent import BaseAgent
from gym_loop.errors import SpecError, program
from gym_loop.rules import NON_NEGATIVE_INT, Parameter, defaults_of, number_in, rules_of


MAX_TABLE = 10_000_000  # action values of the largest table (80 MB): a larger state space is refused at start-up
CLASS_STRING = "gym_loop.agents.q_learning:QLearningAgent"
NO_BUILT_IN = "no built-in agent handles these spaces: write your own on BaseAgent (docs/agents.rst)"


class QLearningAgent(BaseAgent):
    """Watkins' Q-learning over a table of action values, epsilon-greedy while training (docs/learning.rst).

    A state is a ``Discrete`` value or a point of a finite product (``MultiDiscrete``, ``MultiBinary``, a ``Tuple``
    of them, as Blackjack-v1's): the table has one axis per component, then one for the actions.

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
    DEFAULT_ENV = "FrozenLake-v1"  # create-default's env: the spec's default (Pendulum-v1) has continuous states

    @staticmethod
    def get_default_parameters() -> Dict:
        """Specifies tweakable parameters for agents: the learning rate, the discount and the epsilon schedule."""
        return defaults_of(QLearningAgent.PARAMETERS)

    @staticmethod
    def spaces_problem(observation_space: Any, action_space: Any) -> Optional[str]:
        """Why the agent cannot learn on these spaces, or None; create-default asks before writing a spec."""
        return refusal(observation_space, action_space)

    def __init__(self, **params: Any):
        super().__init__(**params)
        from gymnasium.spaces import Discrete

        observations, actions = self.parameters["observation_space"], self.parameters["action_space"]
        if problem := self.spaces_problem(observations, actions):
            raise SpecError("agent.class", problem)
        starts, sizes = finite_states(observations)
        self.first_state = starts[0] if isinstance(observations, Discrete) else starts  # a list: one start per axis
        # The lookup of a state's row, chosen once: 1,500 instructions a step (of 105,000 for act and memorize)
        # fewer than deciding at each of its three calls.
        self._values = self._row if not isinstance(self.first_state, list) else self._cell
        self.first_action = int(actions.start)
        self.q_table = np.zeros((*sizes, int(actions.n)))
        self.steps = 0  # learning steps taken
        self.td_error_sum, self.td_error_count = 0.0, 0  # of the episode in progress
        self.td_error = 0.0  # mean absolute TD error of the last finished episode (VectorLoop: see docs/learning.rst)

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
        values = self._values(state)
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
        values, action = self._values(last_ob), int(action) - self.first_action  # a view: updated in the table
        next_values = self._values(ob)
        target = float(reward) if terminated else float(reward) + self.parameters["discount"] * next_values.max()
        td_error = target - values[action]
        values[action] += self.parameters["learning_rate"] * td_error
        self.steps += 1
        self.td_error_sum += abs(td_error)
        self.td_error_count += 1
        if done:
            self.td_error = self.td_error_sum / self.td_error_count
            self.td_error_sum, self.td_error_count = 0.0, 0

    def _row(self, state: Any) -> np.ndarray:
        """The row of action values of a ``Discrete`` ``state`` (a view of the table)."""
        return self.q_table[int(state) - self.first_state]

    def _cell(self, state: Any) -> np.ndarray:
        """The row of action values of a ``state`` of a finite product space (a view of the table)."""
        return self.q_table[tuple(int(value) - start for value, start in zip(_flat(state), self.first_state))]

    def _excluded_save_params(self) -> List[str]:
        """The default's, and the lookup chosen at start (``first_state`` is saved)."""
        return [*super()._excluded_save_params(), "_values"]

    def metrics(self, episode_num: int) -> Dict[str, float]:
        """Epsilon, the last episode's mean absolute TD error, and the learning steps so far."""
        return {"q_learning/epsilon": self.epsilon, "q_learning/td_error": self.td_error,
                "q_learning/steps": self.steps}


def finite_states(space: Any) -> Optional[Tuple[List[int], List[int]]]:
    """``(starts, sizes)``, one of each per component of a finite state space: ``Discrete``, ``MultiDiscrete``,
    ``MultiBinary`` or a ``Tuple`` of them; None for any other space."""
    from gymnasium.spaces import Discrete, MultiBinary, MultiDiscrete, Tuple as TupleSpace

    if isinstance(space, Discrete):
        return [int(space.start)], [int(space.n)]
    if isinstance(space, MultiDiscrete):
        return np.asarray(space.start).ravel().tolist(), np.asarray(space.nvec).ravel().tolist()
    if isinstance(space, MultiBinary):
        size = int(np.prod(space.shape))
        return [0] * size, [2] * size
    parts = [finite_states(part) for part in space.spaces] if isinstance(space, TupleSpace) else [None]
    if not parts or any(part is None for part in parts):
        return None
    return [start for part in parts for start in part[0]], [size for part in parts for size in part[1]]


def accepts(observations: Any, actions: Any) -> bool:
    """Whether QLearningAgent learns on these spaces: finite states (:func:`finite_states`), Discrete actions."""
    from gymnasium.spaces import Discrete

    return finite_states(observations) is not None and isinstance(actions, Discrete)


def refusal(observations: Any, actions: Any) -> Optional[str]:
    """Why QLearningAgent cannot learn on these spaces (and what can), or None if it can."""
    from gymnasium.spaces import Discrete

    from gym_loop.agents import cross_entropy

    states = finite_states(observations)
    if states is None:
        wrong = (f"needs a finite observation space (Discrete, MultiDiscrete, MultiBinary or a Tuple of them), and "
                 f"the env's is {observations}")
    elif not isinstance(actions, Discrete):
        wrong = f"needs a Discrete action space, and the env's is {actions}"
    elif (size := int(np.prod(states[1], dtype=float)) * int(actions.n)) > MAX_TABLE:
        return (f"QLearningAgent's table for {observations} and {actions} would hold {size} action values, more than "
                f"{MAX_TABLE}; use an env with fewer states, or an agent of your own that approximates the values")
    else:
        return None
    other, advice = NO_BUILT_IN, ""
    if cross_entropy.accepts(observations, actions):
        other, advice = f"use {cross_entropy.CLASS_STRING}", f"; {spec_advice(cross_entropy.CLASS_STRING)}"
    return (f"QLearningAgent {wrong}; {other}, or an env with discrete states and actions (FrozenLake-v1, "
            f"Taxi-v4){advice}")


def spec_advice(class_string: str) -> str:
    """How to write a spec for another agent: its parameters are its own, so changing agent.class is not enough."""
    return (f"{class_string.rpartition(':')[2]}'s parameters differ: write a spec for it with {program()} "
            f"create-default -a {class_string} --set env.name=ENV -c SPEC")


def _flat(state: Any) -> Iterator[Any]:
    """The components of a state of a finite product space, in the order of :func:`finite_states`."""
    if isinstance(state, (tuple, list)):
        for part in state:
            yield from _flat(part)
    else:
        yield from np.asarray(state).ravel().tolist()
