"""An agent's (and a policy's) attributes live in a dict of its own, not in the key-sharing dict ``vars()`` makes,
on which CPython 3.11's and 3.12's fast paths for ``self.<name>`` always miss (gym_loop.state.own_dict)."""

import ctypes
import struct
import sys

import gymnasium as gym
import pytest

from gym_loop.agents.base_agent import BaseAgent
from gym_loop.agents.random_agent import RandomAgent
from gym_loop.policies.base_policy import BasePolicy

SPLIT_DICTS = (sys.implementation.name == "cpython" and sys.version_info[:2] in ((3, 11), (3, 12))
               and struct.calcsize("P") == 8)


def shares_keys(obj):
    """Whether ``vars(obj)`` is a split dict: its values apart from its keys (PyDictObject's ma_values set)."""
    dict_object = vars(obj)
    # ob_refcnt, ob_type, ma_used, ma_version_tag, ma_keys, ma_values: 8 bytes each on 64-bit CPython 3.11 and 3.12
    return ctypes.c_void_p.from_address(id(dict_object) + 5 * 8).value is not None


class Early(BaseAgent):
    """Sets attributes before and after ``BaseAgent.__init__``, as an agent of the README may."""

    def __init__(self, **params):
        self.before = 1
        super().__init__(**params)
        self.after = 2

    def act(self, state, episode_num):
        return 0


class Policy(BasePolicy):
    def act(self, state):
        return 0


@pytest.mark.skipif(not SPLIT_DICTS, reason="split instance dicts that the specializing interpreter misses: "
                                            "64-bit CPython 3.11 and 3.12")
def test_agents_and_policies_keep_no_key_sharing_dict():
    env = gym.make("CartPole-v1")
    spaces = {"action_space": env.action_space, "observation_space": env.observation_space}
    plain = type("Plain", (), {})()
    vars(plain)["x"] = 1  # the check itself: what vars() makes is a split dict here
    assert shares_keys(plain)
    for made in (RandomAgent(**spaces), Early(**spaces), Policy(**spaces)):
        assert not shares_keys(made), type(made).__name__


def test_own_dict_keeps_what_the_agent_set_and_its_parameters():
    env = gym.make("CartPole-v1")
    agent = Early(action_space=env.action_space, observation_space=env.observation_space, rate=0.5)
    assert (agent.before, agent.after, agent.rate) == (1, 2, 0.5)
    assert agent.parameters["rate"] == 0.5 and vars(agent)["parameters"] is agent.parameters
    assert agent.action_space is env.action_space and agent.rng is not None
    policy = Policy(env.observation_space, env.action_space, scale=3)
    assert policy.scale == 3 and policy.parameters["scale"] == 3 and policy.action_space is env.action_space
