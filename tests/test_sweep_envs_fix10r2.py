"""sweep's and tune's env check (gym_loop.sweeps.envs.check_envs) holds one env at a time: it makes each distinct env,
checks every spec of it, and closes it before the next is made; the error is still the first failing spec's in the
order given, and no env after it is made (review10-7)."""

import gymnasium
import numpy as np
import pytest
from conftest import make_spec
from gymnasium.spaces import Box, Discrete

from gym_loop.errors import GymLoopError, SpecError
from gym_loop.spec import run_spec
from gym_loop.sweeps.envs import check_envs

ENV = "CountedFix10r2-v0"


class Counted(gymnasium.Env):
    """An env that counts its instances open at once and the sizes made; ``size`` 0 cannot be made."""

    observation_space, action_space = Box(-1.0, 1.0, (1,), np.float32), Discrete(2)
    open_now, most_open, made = 0, 0, []

    def __init__(self, size=1):
        if size == 0:
            raise ValueError("size 0")
        Counted.made.append(size)
        Counted.open_now += 1
        Counted.most_open = max(Counted.most_open, Counted.open_now)

    def reset(self, seed=None, options=None):
        super().reset(seed=seed)
        return np.zeros(1, np.float32), {}

    def step(self, action):
        return np.zeros(1, np.float32), 0.0, False, False, {}

    def close(self):
        Counted.open_now -= 1


@pytest.fixture(autouse=True)
def counted():
    gymnasium.register(ENV, entry_point=Counted)
    Counted.open_now, Counted.most_open, Counted.made = 0, 0, []
    yield
    gymnasium.registry.pop(ENV, None)


def _spec(size, threshold=None):
    spec = make_spec(ENV, reward_threshold=threshold)
    spec["env"]["parameters"] = {"size": size}
    return run_spec(spec), f" (config {size}{'/env' if threshold else ''})"


def test_one_env_is_open_at_a_time_and_each_is_made_once():
    check_envs([_spec(1), _spec(2), _spec(1), _spec(3), _spec(2)])
    assert (Counted.made, Counted.most_open, Counted.open_now) == ([1, 2, 3], 1, 0)


def test_the_first_failing_spec_in_the_order_given_is_reported():
    with pytest.raises(SpecError, match=r"has no reward_threshold; give a number \(config 2/env\)$"):
        check_envs([_spec(1), _spec(2, "env"), _spec(1, "env"), _spec(3)])
    assert (Counted.made, Counted.open_now) == ([1, 2], 0)  # 3 comes after the failure: never made


def test_an_env_that_cannot_be_made_is_reported_in_its_place():
    with pytest.raises(GymLoopError, match=r"\(config 0\)$"):
        check_envs([_spec(1), _spec(0), _spec(1, "env")])
    with pytest.raises(SpecError, match=r"\(config 1/env\)$"):
        check_envs([_spec(1), _spec(1, "env"), _spec(0)])
    assert Counted.open_now == 0
