"""tester10g-10: defaultdict, Counter and OrderedDict keep their kind (and a defaultdict its builtin factory) across
save/load, a defaultdict of a function is refused in one line; tester10g-6: a BasePolicy + nn.Module policy keeps its
plain attributes (an eps it decays) besides its state_dict, so a resume equals an uninterrupted run."""

import collections

import gymnasium as gym
import numpy as np
import pytest

from conftest import whole_and_resumed
from gym_loop.agents import BaseAgent
from gym_loop.policies import BasePolicy
from gym_loop.state import CheckpointError, read_state

ENV = gym.make("CartPole-v1")
SPACES = {"observation_space": ENV.observation_space, "action_space": ENV.action_space}


class Tabular(BaseAgent):
    def __init__(self, **params):
        super().__init__(**params)
        self.visits = collections.defaultdict(int)
        self.rows = collections.defaultdict(list)
        self.plain = collections.defaultdict()
        self.counts = collections.Counter()
        self.order = collections.OrderedDict()

    def act(self, state, episode_num):
        return 0


def test_dict_kinds_and_builtin_factories_survive_save_and_load(tmp_path):
    agent = Tabular(**SPACES)
    agent.visits[(1, 0)] += 2
    agent.rows["a"].append(1)
    agent.counts.update("abca")
    agent.order.update(x=1, y=2)
    agent.alias = agent.visits
    agent.save(str(tmp_path / "agent.ckpt"))
    fresh = Tabular(**SPACES)
    fresh.load(str(tmp_path / "agent.ckpt"))
    assert type(fresh.visits) is collections.defaultdict and fresh.visits.default_factory is int
    assert fresh.visits == {(1, 0): 2} and fresh.visits[(9, 9)] == 0  # an unseen key: no KeyError
    assert fresh.rows.default_factory is list and fresh.rows["b"] == []
    assert type(fresh.plain) is collections.defaultdict and fresh.plain.default_factory is None
    assert type(fresh.counts) is collections.Counter and fresh.counts.most_common(1) == [("a", 2)]
    assert type(fresh.order) is collections.OrderedDict and list(fresh.order) == ["x", "y"]
    fresh.order.move_to_end("x")
    assert fresh.alias is fresh.visits
    assert read_state(str(tmp_path / "agent.ckpt"))["visits"] == {(1, 0): 2}


def test_a_defaultdict_of_a_function_is_refused_naming_it(tmp_path):
    agent = Tabular(**SPACES)
    agent.q = collections.defaultdict(lambda: np.zeros(2))
    with pytest.raises(CheckpointError, match=r"^cannot save q \(a defaultdict whose default_factory is a function, "
                                              r"<lambda>\) as plain data; give it a builtin type as default_factory "
                                              r"\(defaultdict\(int\), defaultdict\(list\)\), leave it out by adding "
                                              r"its name to _excluded_save_params\(\), or define save\(path\) and "
                                              r"load\(path\)$"):
        agent.save(str(tmp_path / "agent.ckpt"))


torch = pytest.importorskip("torch")


class NetPolicy(BasePolicy, torch.nn.Module):
    def __init__(self, **params):
        torch.nn.Module.__init__(self)
        BasePolicy.__init__(self, **params)
        self.l = torch.nn.Linear(4, 2)
        self.register_buffer("steps", torch.zeros(()))
        self.eps = 1.0  # decays as the policy acts
        self.mode = "explore"

    def forward(self, x):
        return self.l(x)

    def act(self, state):
        self.eps *= 0.9
        self.steps += 1
        if self.rng.random() < self.eps:
            return int(self.rng.integers(2))
        with torch.no_grad():
            return int(self(torch.as_tensor(state, dtype=torch.float32)).argmax())


class NetAgent(BaseAgent):
    @staticmethod
    def get_default_policy():
        return {"class": f"{__name__}:NetPolicy", "parameters": {}}

    def __init__(self, **params):
        super().__init__(**params)
        self.policy.rng = self.rng
        self.optimizer = torch.optim.SGD(self.policy.parameters(), lr=0.1)

    def act(self, state, episode_num):
        return self.policy(state)


def make_agent(seed):
    torch.manual_seed(seed)
    return NetAgent(policy=NetPolicy(), rng=np.random.default_rng(seed), **SPACES)


def test_a_module_policy_keeps_its_plain_attributes_and_its_state_dict(tmp_path):
    agent = make_agent(0)
    states = [np.full(4, i / 10, dtype=np.float32) for i in range(20)]
    [agent.act(state, 0) for state in states[:10]]
    with torch.no_grad():
        agent.policy.l.weight.add_(1.0)
    agent.policy.mode = "greedy"
    agent.save(str(tmp_path / "agent.ckpt"))
    fresh = make_agent(1)
    fresh.load(str(tmp_path / "agent.ckpt"))
    assert fresh.policy.eps == agent.policy.eps and fresh.policy.mode == "greedy"
    assert torch.equal(fresh.policy.l.weight, agent.policy.l.weight) and float(fresh.policy.steps) == 10
    assert fresh.policy.rng is fresh.rng  # shared with the agent: still one generator
    assert fresh.optimizer.param_groups[0]["params"][0] is fresh.policy.l.weight
    assert [fresh.act(state, 0) for state in states[10:]] == [agent.act(state, 0) for state in states[10:]]
    shown = read_state(str(tmp_path / "agent.ckpt"))["policy"]
    assert {"l.weight", "l.bias", "steps", "eps", "mode"} <= set(shown) and "_modules" not in shown


AGENT = '''
import collections
import torch
from torch import nn
from gym_loop.agents import BaseAgent
from gym_loop.policies.base_policy import BasePolicy


class NP(BasePolicy, nn.Module):
    def __init__(self, **params):
        nn.Module.__init__(self)
        BasePolicy.__init__(self, **params)
        self.l = nn.Linear(4, 2)
        self.eps = 1.0

    def forward(self, x):
        return self.l(x)

    def act(self, state):
        self.eps *= 0.97
        if self.rng.random() < self.eps:
            return int(self.rng.integers(2))
        with torch.no_grad():
            return int(self(torch.as_tensor(state, dtype=torch.float32)).argmax())


class A(BaseAgent):
    @staticmethod
    def get_default_policy():
        return {"class": "np_agent.py:NP", "parameters": {}}

    def __init__(self, **params):
        super().__init__(**params)
        self.policy.rng = self.rng
        self.visits = collections.defaultdict(int)

    def act(self, state, episode_num):
        action = self.policy(state)
        self.visits[action] += 1
        return action if self.visits[action] % 7 else 1 - action
'''


def test_a_run_with_a_module_policy_and_a_defaultdict_resumes_exactly(tmp_path):  # tester10g-6, tester10g-10
    (tmp_path / "np_agent.py").write_text(AGENT)
    (tmp_path / "run.yaml").write_text("agent: {class: np_agent.py:A}\nenv: {name: CartPole-v1}\n"
                                       "loop: {parameters: {episodes_per_checkpoint: 2, episodes_per_eval: 2, "
                                       "eval_episodes: 1, max_episode_len: 30}}\n")
    played = [[line.rsplit(",", 1)[0] for line in (run / "episodes.csv").read_text().splitlines()]
              for run in whole_and_resumed(tmp_path)]
    assert played[0] == played[1]
