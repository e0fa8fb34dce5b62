"""Returns of +inf and -inf together give a NaN mean, not math.fsum's ValueError (left9-7): gym-loop eval of an env
whose episodes return both crashed with a traceback."""

import math

import gymnasium
import numpy as np

from gym_loop import numeric
from gym_loop.agents.random_agent import RandomAgent
from gym_loop.loops.default_loop import DefaultLoop
from gym_loop.loops.summary import Summary

INF = float("inf")


def test_summary_of_inf_and_minus_inf():
    summary = Summary(5, window=2)
    summary.add(INF, 1)
    assert summary.mean_return == INF
    summary.add_many((-INF,), (1,))
    assert math.isnan(summary.mean_return) and summary.best_mean_return == -INF
    assert "nan" in summary.describe()
    summary.add_many((1.0, 3.0), (1, 1))  # both gone from the window: finite again
    assert summary.mean_return == 2.0 and summary.best_mean_return == 2.0
    assert math.isnan(numeric.mean([INF, -INF])) and math.isnan(numeric.std([INF, -INF]))
    assert math.isnan(numeric.exact_sum([INF, 1.0, -INF]))


class Infinite(gymnasium.Env):
    """One step per episode, returning +inf, then -inf, then +inf..."""

    observation_space = gymnasium.spaces.Box(0.0, 1.0, (1,))
    action_space = gymnasium.spaces.Discrete(2)
    sign = 1.0

    def reset(self, *, seed=None, options=None):
        super().reset(seed=seed)
        return np.zeros(1, np.float32), {}

    def step(self, action):
        self.sign = -self.sign
        return np.zeros(1, np.float32), -self.sign * INF, True, False, {}


def test_evaluate_of_inf_and_minus_inf_returns_says_nan(tmp_path):
    env = Infinite()
    summary = DefaultLoop(RandomAgent(action_space=env.action_space), env, eval_episodes=2,
                          eval_logdir=str(tmp_path / "e")).evaluate()
    assert list(summary.returns) == [INF, -INF] and math.isnan(summary.mean_return)
