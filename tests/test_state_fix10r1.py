"""review10's save/load findings: a space the agent built keeps its generators across save/load (resume equals an
uninterrupted run); read_state of a policy in a cycle; load copies only into a leaf tensor that requires grad (a
shared constant is not written); an alias of the env's space is a reference, as every other one; a
BasePolicy + nn.Module policy called from outside its act acts; a run whose spec has a policy its agent does not
take resumes and evaluates."""

import gymnasium as gym
import numpy as np
import pytest

from conftest import whole_and_resumed
from gym_loop.agents import BaseAgent
from gym_loop.errors import SpecError
from gym_loop.policies import BasePolicy
from gym_loop.spec import run_spec
from gym_loop.state import CheckpointError, read_state

ENV = gym.make("CartPole-v1")
SPACES = {"observation_space": ENV.observation_space, "action_space": ENV.action_space}


class Explorer(BaseAgent):
    def __init__(self, **params):
        super().__init__(**params)
        self.explore = gym.spaces.Discrete(5, seed=1)
        self.noise = gym.spaces.Dict({"a": gym.spaces.Box(-1, 1, (2,), seed=2), "b": gym.spaces.Discrete(3, seed=3)})

    def act(self, state, episode_num):
        return (int(self.explore.sample()), int(self.noise.sample()["b"]))


def test_a_space_the_agent_built_resumes_as_if_uninterrupted(tmp_path):  # review10-2
    agent = Explorer(**SPACES)
    for _ in range(3):
        agent.act(None, 0)
    agent.save(str(tmp_path / "agent.ckpt"))
    fresh = Explorer(**SPACES)
    fresh.load(str(tmp_path / "agent.ckpt"))
    assert [fresh.act(None, 0) for _ in range(8)] == [agent.act(None, 0) for _ in range(8)]
    assert read_state(str(tmp_path / "agent.ckpt"))["explore"] == "<Discrete space>"


def test_a_space_with_other_parts_is_refused_in_one_line(tmp_path):  # review10-2
    Explorer(**SPACES).save(str(tmp_path / "agent.ckpt"))
    fresh = Explorer(**SPACES)
    fresh.noise = gym.spaces.Discrete(3)
    with pytest.raises(CheckpointError, match=r"agent.ckpt: noise held a Dict space of 3 generators \(its own and "
                                              r"its parts'\), which do not fit the fresh agent's there \(1\); load "
                                              r"the checkpoint with the agent"):
        fresh.load(str(tmp_path / "agent.ckpt"))


class P(BasePolicy):
    def act(self, state):
        return 0


class Cyclic(BaseAgent):
    def __init__(self, **params):
        super().__init__(**params)
        self.pol = P()
        self.pol.me, self.pol.owner = self.pol, self

    def act(self, state, episode_num):
        return 0


def test_read_state_of_a_policy_in_a_cycle(tmp_path):  # review10-6
    Cyclic(**SPACES).save(str(tmp_path / "agent.ckpt"))
    shown = read_state(str(tmp_path / "agent.ckpt"))
    assert shown["pol"]["me"] is shown["pol"]
    assert shown["pol"]["owner"] is shown


def test_load_leaves_a_shared_constant_tensor_alone(tmp_path):  # review10-9
    torch = pytest.importorskip("torch")
    zero = torch.zeros(3)

    class Baseline(BaseAgent):
        def __init__(self, **params):
            super().__init__(**params)
            self.baseline = zero
            self.weight = torch.zeros(3, requires_grad=True)  # an optimizer's: loaded into

        def act(self, state, episode_num):
            return 0

    agent = Baseline(**SPACES)
    agent.baseline = agent.baseline + 2.0
    with torch.no_grad():
        agent.weight += 1.0
    agent.save(str(tmp_path / "agent.ckpt"))
    fresh = Baseline(**SPACES)
    weight = fresh.weight
    fresh.load(str(tmp_path / "agent.ckpt"))
    assert fresh.baseline.tolist() == [2.0] * 3 and zero.tolist() == [0.0] * 3
    assert fresh.weight is weight and weight.tolist() == [1.0] * 3 and weight.requires_grad


class Alias(BaseAgent):
    def __init__(self, **params):
        super().__init__(**params)
        self.space = self.action_space

    def act(self, state, episode_num):
        return 0


def test_an_alias_of_the_env_space_is_stored_as_a_reference(tmp_path):  # review10-11
    Alias(**SPACES).save(str(tmp_path / "agent.ckpt"))
    assert read_state(str(tmp_path / "agent.ckpt"))["space"] == "<action_space>"
    fresh = Alias(**SPACES)
    fresh.space = None
    fresh.load(str(tmp_path / "agent.ckpt"))
    assert fresh.space is fresh.action_space


EXPLORER = """
import gymnasium as gym
from gym_loop.agents import BaseAgent


class Explorer(BaseAgent):
    def __init__(self, **params):
        super().__init__(**params)
        self.explore = gym.spaces.Discrete(2, seed=1)

    def act(self, state, episode_num):
        return int(self.explore.sample())
"""


def test_a_run_whose_agent_samples_its_own_space_resumes_exactly(tmp_path):  # review10-2
    (tmp_path / "explorer.py").write_text(EXPLORER)
    (tmp_path / "run.yaml").write_text("agent: {class: explorer.py:Explorer}\nenv: {name: CartPole-v1}\n"
                                       "loop: {parameters: {episodes_per_checkpoint: 2, episodes_per_eval: 2, "
                                       "eval_episodes: 1, max_episode_len: 30}}\n")
    played = [[line.rsplit(",", 1)[0] for line in (run / "episodes.csv").read_text().splitlines()]
              for run in whole_and_resumed(tmp_path)]
    assert played[0] == played[1]
