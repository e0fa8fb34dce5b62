"""tester14a-8: a mapping given for a parameter whose default is a non-empty mapping of names is laid over the
default key by key (net: {act: tanh} keeps net.hidden), at every depth; a --set path part names an existing key that
is no string (lr_schedule.100 of {0: 1.0, 100: 0.5})."""

from pathlib import Path

import pytest

from gym_loop.spec import apply_overrides, run_spec

AGENT = """
from gym_loop.agents.base_agent import BaseAgent
class N(BaseAgent):
    @staticmethod
    def get_default_parameters():
        return {"net": {"hidden": [64, 64], "act": "relu", "opt": {"lr": 0.1, "eps": 1e-8}},
                "lr_schedule": {0: 1.0, 100: 0.5}}
    def act(self, state, episode_num): return 0
"""


@pytest.fixture
def spec(tmp_path):
    (tmp_path / "net14a.py").write_text(AGENT)
    return {"agent": {"class": f"{tmp_path / 'net14a.py'}:N"}, "env": {"name": "CartPole-v1"},
            "loop": {"parameters": {"max_episodes": 1}}}


def test_partial_mapping_keeps_the_other_keys(spec):
    given = apply_overrides(spec, ["agent.parameters.net.act=tanh", "agent.parameters.net.opt.lr=0.5"])
    net = run_spec(given).agent.parameters["net"]
    assert net == {"hidden": [64, 64], "act": "tanh", "opt": {"lr": 0.5, "eps": 1e-8}}
    assert run_spec(given).to_dict()["agent"]["parameters"]["net"] == net  # what spec.yaml records


def test_schedule_replaced_whole_and_int_key_addressed(spec):
    replaced = run_spec(apply_overrides(spec, ["agent.parameters.lr_schedule={0: 0.1, 50: 0.01}"]))
    assert replaced.agent.parameters["lr_schedule"] == {0: 0.1, 50: 0.01}  # a schedule is a value as a whole
    listed = apply_overrides(spec, ["agent.parameters.lr_schedule={0: 1.0, 100: 0.5}"])
    changed = apply_overrides(listed, ["agent.parameters.lr_schedule.100=0.2"])
    assert changed["agent"]["parameters"]["lr_schedule"] == {0: 1.0, 100: 0.2}
