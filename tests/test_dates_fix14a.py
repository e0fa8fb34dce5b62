"""tester14a-4: an unquoted date (or timestamp) given for a parameter whose default takes it (null, a list) is
refused at its key before the run, not at the first checkpoint with advice about the agent's code."""

import pytest

from conftest import run_cli
from gym_loop import yaml_safety
from gym_loop.errors import SpecError
from gym_loop.spec import apply_overrides, run_spec

AGENT = """
from gym_loop.agents.base_agent import BaseAgent
class A(BaseAgent):
    @staticmethod
    def get_default_parameters(): return {"x": None, "tags": ["a"]}
    def act(self, state, episode_num): return 0
"""


@pytest.fixture
def spec(tmp_path):
    (tmp_path / "anyp14a.py").write_text(AGENT)
    return {"agent": {"class": f"{tmp_path / 'anyp14a.py'}:A"}, "env": {"name": "CartPole-v1"},
            "loop": {"parameters": {"max_episodes": 1}}}


@pytest.mark.parametrize("assignment, key", [("agent.parameters.x=2001-12-14", "agent.parameters.x"),
                                             ("agent.parameters.x=2001-12-14t21:59:43-05:00", "agent.parameters.x"),
                                             ("agent.parameters.tags=[a, 2001-12-14]", "agent.parameters.tags.1"),
                                             ("agent.parameters.x={when: 2001-12-14}", "agent.parameters.x.when")])
def test_refused_at_its_key(spec, assignment, key):
    with pytest.raises(SpecError, match=r"got the date 2001-12-14.*, which a checkpoint cannot hold; quote it"):
        run_spec(apply_overrides(spec, [assignment]))
    try:
        run_spec(apply_overrides(spec, [assignment]))
    except SpecError as error:
        assert error.key == key


def test_quoted_is_a_string(spec):
    assert run_spec(apply_overrides(spec, ["agent.parameters.x='2001-12-14'"])).agent.parameters["x"] == "2001-12-14"


def test_train_refuses_before_the_run(tmp_path):
    (tmp_path / "anyp14a.py").write_text(AGENT)
    (tmp_path / "s.yaml").write_text("agent: {class: anyp14a.py:A, parameters: {x: 2001-12-14}}\n"
                                     "env: {name: CartPole-v1}\nloop: {parameters: {max_episodes: 1}}\n")
    done = run_cli("train", "-c", "s.yaml", cwd=tmp_path)
    assert done.returncode == 2 and not (tmp_path / "runs").exists(), done.stderr
    assert "Error: agent.parameters.x: got the date 2001-12-14, which a checkpoint cannot hold; quote it to keep it " \
           "a string ('2001-12-14')" in done.stderr
