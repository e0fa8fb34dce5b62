"""tester14a-2: a whole number written 1e2 for an integer default is that integer inside a mapping default too
(net: {width: 1e2}), and for the top-level seed (seed: 1e3), as docs/spec.rst says."""

import pytest

from gym_loop.spec import apply_overrides, run_spec

AGENT = """
from gym_loop.agents.base_agent import BaseAgent
class N(BaseAgent):
    @staticmethod
    def get_default_parameters(): return {"net": {"width": 64, "deep": {"n": 2}}, "batch": 32}
    def act(self, state, episode_num): return 0
"""


@pytest.fixture
def spec(tmp_path):
    (tmp_path / "nest14a.py").write_text(AGENT)
    return {"agent": {"class": f"{tmp_path / 'nest14a.py'}:N"}, "env": {"name": "CartPole-v1"},
            "loop": {"parameters": {"max_episodes": 1}}}


def test_nested_and_seed(spec):
    checked = run_spec(apply_overrides(spec, ["agent.parameters.net={width: 1e2, deep: {n: 3e0}}",
                                              "agent.parameters.batch=1e2", "seed=1e3"]))
    net = checked.agent.parameters["net"]
    assert (net["width"], net["deep"]["n"], checked.agent.parameters["batch"], checked.seed) == (100, 3, 100, 1000)
    assert all(type(value) is int for value in (net["width"], net["deep"]["n"], checked.seed))
