"""fix14b: a sweep's grid values reach its runs as given (tester14b-7, tester14b-1's inf/nan): text outside the BMP
as its characters, not two lone surrogates; .inf and .nan as floats, not the strings Infinity and NaN."""

import math

import pytest

from conftest import make_spec, run_cli, write_spec
from gym_loop import yaml_safety
from gym_loop.spec import split_assignment
from gym_loop.sweeps.plan import Config

VALUES = ["😀x", "𝛼", "é", "\x85a", "a\u2028b", "\x7f", "\ufeffz", 'quo"te\\', "tab\there", float("inf"),
          -float("inf"), [1, {"k": "😀", 2: None}], {"nested": [float("inf"), "𝛼"]}, True, None, 0.1, "2020-01-01"]


@pytest.mark.parametrize("value", VALUES, ids=repr)
def test_an_assignment_reads_back_as_its_value(value):
    key, text = split_assignment(Config("c", (("agent.parameters.x", value),)).assignments()[0])
    assert key == "agent.parameters.x" and yaml_safety.load(text, "--set", key) == value


def test_nan_reads_back_as_nan():
    _, text = split_assignment(Config("c", (("agent.parameters.x", float("nan")),)).assignments()[0])
    assert math.isnan(yaml_safety.load(text, "--set", "agent.parameters.x"))


AGENT = """
from gym_loop.agents.q_learning import QLearningAgent

class TextAgent(QLearningAgent):
    @staticmethod
    def get_default_parameters():
        return {**QLearningAgent.get_default_parameters(), "since": "2020"}

    def __init__(self, **params):
        assert params.pop("since") == "😀x", "the grid's text did not reach the agent as given"
        super().__init__(**params)
"""


def test_a_grid_text_outside_the_bmp_reaches_the_run(tmp_path):
    (tmp_path / "textagent.py").write_text(AGENT, encoding="utf-8")
    spec = make_spec("FrozenLake-v1", "gym_loop.agents.q_learning:QLearningAgent", max_episodes=2, logdir=None,
                     max_episode_len=5)
    spec["agent"]["class"] = "textagent.py:TextAgent"
    write_spec(tmp_path / "s.yaml", spec)
    done = run_cli("-q", "sweep", "-c", "s.yaml", "--seeds", "0", "--grid", "agent.parameters.since=['😀x']",
                   cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    spec = next((tmp_path / "sweeps" / "s" / "runs").glob("*/seed-0/spec.yaml")).read_text(encoding="utf-8")
    assert "since: 😀x" in spec, spec
