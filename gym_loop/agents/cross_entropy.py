"""The cross-entropy method over a linear policy: learns CartPole-v1 with NumPy alone."""

from typing import Any, Dict, Optional

import numpy as np

from gym_loop.agents.base_agent import BaseAgent
from gym_loop.errors import SpecError
from gym_loop.rules import POSITIVE_INT, Parameter, defaults_of, number_in, rules_of

CLASS_STRING = "gym_loop.agents.cross_entropy:CrossEntropyAgent"


class CrossEntropyAgent(BaseAgent):
    """Searches the weights of a linear policy with the cross-entropy method (described in docs/learning.rst).

    Each candidate of a generation plays one training episode; the elite's weights give the next Gaussian.
    An episode it did not act in (``random_episodes``) scores no candidate.
    """

    SINGLE_ENV = True  # a candidate's return is one episode's: VectorLoop's interleaved sub-envs would mix them

    PARAMETERS = {
        "population_size": Parameter(20, POSITIVE_INT, "Candidates of a generation, one training episode each."),
        "elite_fraction": Parameter(0.2, number_in(0, 1, low_included=False), (
            "Fraction of the best candidates (at least one) whose weights give the next generation's Gaussian.")),
        "initial_std": Parameter(1.0, number_in(0), "Standard deviation of the first generation's weights."),
        "extra_std": Parameter(0.3, number_in(0), (
            "Added to the elite's standard deviation, so that the search does not collapse early.")),
    }
    PARAMETER_RULES = rules_of(PARAMETERS)

    @staticmethod
    def get_default_parameters() -> Dict:
        """Specifies tweakable parameters for agents: population, elite fraction, initial and extra spread."""
        return defaults_of(CrossEntropyAgent.PARAMETERS)

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
        self.action_space, self.discrete = actions, isinstance(actions, Discrete)
        outputs = int(actions.n) if self.discrete else int(np.prod(actions.shape))
        self.shape = (int(np.prod(observations.shape)) + 1, outputs)  # the last row is the bias
        self.mean = np.zeros(np.prod(self.shape))
        self.std = np.full_like(self.mean, self.parameters["initial_std"])
        self.population = self._sample()
        self.returns = []  # of the population's candidates played so far this generation
        self.episode_return, self.finished_return, self.acted = 0.0, None, False
        self.generation, self.elite_return = 0, float("nan")

    def act(self, state: Any, episode_num: int, evaluation: bool = False) -> Any:
        """The linear policy of the candidate being tried, or of the mean weights in evaluation."""
        if not evaluation:
            self.acted = True  # this episode is the candidate's
        weights = self.mean if evaluation else self.population[len(self.returns)]
        features = np.append(np.asarray(state, dtype=float).ravel(), 1.0)
        output = features @ weights.reshape(self.shape)
        space = self.action_space
        if self.discrete:
            return int(np.argmax(output)) + int(space.start)
        return np.clip(output.reshape(space.shape), space.low, space.high).astype(space.dtype)

    def memorize(self, last_ob: Any, action: Any, reward: float, done: bool, ob: Any) -> None:
        """Add up the episode's return; keep it for :meth:`update` when the episode ends, if the candidate played it."""
        self.episode_return += float(reward)
        if done:
            if self.acted:
                self.finished_return = self.episode_return
            self.episode_return, self.acted = 0.0, False

    def update(self, episode_num: int) -> None:
        """Score the candidate when its episode has ended; refit the Gaussian after the last one."""
        if self.finished_return is None:
            return
        self.returns.append(self.finished_return)
        self.finished_return = None
        if len(self.returns) == self.parameters["population_size"]:
            self._refit()

    def metrics(self, episode_num: int) -> Dict[str, float]:
        """The generation, the mean return of the last elite (from the first refit on), and the search's spread."""
        metrics = {"cross_entropy/generation": self.generation, "cross_entropy/std": float(self.std.mean())}
        if self.generation:
            metrics["cross_entropy/elite_return"] = self.elite_return
        return metrics

    def _refit(self) -> None:
        elite_count = max(1, round(self.parameters["elite_fraction"] * len(self.returns)))
        elite = np.argsort(self.returns)[-elite_count:]
        self.elite_return = float(np.mean(np.asarray(self.returns)[elite]))
        self.mean = self.population[elite].mean(axis=0)
        self.std = self.population[elite].std(axis=0) + self.parameters["extra_std"]
        self.population, self.returns = self._sample(), []
        self.generation += 1

    def _sample(self) -> np.ndarray:
        size = (self.parameters["population_size"], len(self.mean))
        return self.mean + self.std * self.rng.standard_normal(size)


def accepts(observations: Any, actions: Any) -> bool:
    """Whether CrossEntropyAgent learns on these spaces: Box observations, Box or Discrete actions."""
    from gymnasium.spaces import Box, Discrete

    return isinstance(observations, Box) and isinstance(actions, (Box, Discrete))


def refusal(observations: Any, actions: Any) -> Optional[str]:
    """Why CrossEntropyAgent cannot learn on these spaces (and what can), or None if it can."""
    from gym_loop.agents import q_learning

    if accepts(observations, actions):
        return None
    other = (f"for discrete states use {q_learning.CLASS_STRING} ({q_learning.spec_advice(q_learning.CLASS_STRING)})"
             if q_learning.accepts(observations, actions) else q_learning.NO_BUILT_IN)
    return (f"CrossEntropyAgent needs a Box observation space and a Box or Discrete action space, and the env has "
            f"{observations} and {actions}; {other}")
