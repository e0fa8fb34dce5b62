"""Run spec checking: every message names the exact key; defaults merged; input untouched."""

import copy

import pytest

from conftest import AGENTS, make_spec
from gym_loop.errors import SpecError
from gym_loop.gym_loop import get_default_params
from gym_loop.spec import load_spec, resolve_spec


def with_change(change):
    spec = make_spec()
    change(spec)
    return spec


@pytest.mark.parametrize("change, message", [
    (lambda s: s["loop"]["parameters"].update(max_episodes=-1),
     "loop.parameters.max_episodes: expected a positive integer, got -1"),
    (lambda s: s["loop"]["parameters"].update(max_episodes="10"),
     'loop.parameters.max_episodes: expected a positive integer, got "10"'),
    (lambda s: s["loop"]["parameters"].update(random_episodes=1.5),
     "loop.parameters.random_episodes: expected a non-negative integer, got 1.5"),
    (lambda s: s["loop"]["parameters"].update(render="yes"),
     'loop.parameters.render: expected true or false, got "yes"'),
    (lambda s: s["loop"]["parameters"].update(time_per_checkpoint=0),
     "loop.parameters.time_per_checkpoint: expected a positive number or null, got 0"),
    (lambda s: s["loop"]["parameters"].update(max_episode=3),
     "loop.parameters.max_episode: unknown key; did you mean 'max_episodes'?"),
    (lambda s: s.update(loops={}), "loops: unknown key; did you mean 'loop'?"),
    (lambda s: s["env"].update(nmae="x"), "env.nmae: unknown key; did you mean 'name'?"),
    (lambda s: s["env"].pop("name"), "env.name: missing; give a Gymnasium env id"),
    (lambda s: s["env"].update(imports="minigrid"), 'env.imports: expected a list of module names, got "minigrid"'),
    (lambda s: s["agent"].update({"class": "gym_loop.agents:NoSuchAgent"}),
     "agent.class: gym_loop.agents has no class 'NoSuchAgent'"),
    (lambda s: s["agent"].pop("class"), "agent.class: missing"),
    (lambda s: s["agent"].update(parameters=[1]), "agent.parameters: expected a mapping"),
    (lambda s: s.pop("agent"), "agent: missing section"),
    (lambda s: s.update(policy={"class": "nowhere.py:P"}), "policy.class: no such file: nowhere.py"),
])
def test_errors_name_the_key(change, message):
    with pytest.raises(SpecError) as error:
        resolve_spec(with_change(change))
    assert str(error.value).startswith(message)


def test_not_a_mapping():
    with pytest.raises(SpecError, match="a run spec is a mapping"):
        resolve_spec([1, 2])


def test_defaults_are_merged_without_touching_the_input():
    document = {"env": {"name": "CartPole-v1"},
                "agent": {"class": f"{AGENTS / 'readme_agent.py'}:ReadmeAgent", "parameters": {"greed": 0.9}},
                "loop": {"parameters": {"max_episodes": 2}}}
    original = copy.deepcopy(document)
    spec = resolve_spec(document)
    assert document == original
    assert spec["env"] == {"imports": [], "name": "CartPole-v1", "parameters": {}}
    assert spec["agent"]["parameters"] == {"greed": 0.9, "label": "readme"}
    assert spec["loop"]["class"] == "gym_loop.loops.default_loop:DefaultLoop"
    assert spec["loop"]["parameters"]["max_episodes"] == 2
    assert spec["loop"]["parameters"]["logdir"] == "./logs"
    assert spec["policy"] is None


def test_get_default_params_is_a_valid_spec():
    spec = get_default_params("gym_loop.agents.random_agent:RandomAgent", "gym_loop.loops.default_loop:DefaultLoop")
    assert resolve_spec(spec) == {**spec, "policy": None}


def test_load_spec_reports_line_and_column(tmp_path):
    path = tmp_path / "bad.yaml"
    path.write_text("agent:\n  class: x\n  parameters: {a: 1\n")
    with pytest.raises(SpecError, match=r"bad.yaml:4:1: invalid YAML"):
        load_spec(path)


def test_load_spec_is_safe(tmp_path):
    path = tmp_path / "evil.yaml"
    path.write_text("!!python/object/apply:os.system ['echo pwned']\n")
    with pytest.raises(SpecError, match="invalid YAML"):
        load_spec(path)


AGENT_WITH_PARAMETERS = """
from gym_loop.agents import BaseAgent

class Agent(BaseAgent):
    @staticmethod
    def get_default_parameters():
        return {"lr": 0.1, "layers": [64, 64], "double": True, "name": "q", "anything": None}

    def act(self, state, episode_num):
        return 0

class FreeAgent(Agent):
    ANY_PARAMETERS = True
"""


@pytest.fixture
def agent_file(tmp_path):
    path = tmp_path / "param_agent.py"
    path.write_text(AGENT_WITH_PARAMETERS)
    return path


@pytest.mark.parametrize("parameters, message", [
    ({"lr": "0.1"}, 'agent.parameters.lr: expected a number, got "0.1"'),
    ({"lr": True}, "agent.parameters.lr: expected a number, got true"),
    ({"layers": 64}, "agent.parameters.layers: expected a list, got 64"),
    ({"double": "yes"}, 'agent.parameters.double: expected true or false, got "yes"'),
    ({"name": 3}, "agent.parameters.name: expected a string, got 3"),
    ({"l_r": 0.1}, "agent.parameters.l_r: unknown key; did you mean 'lr'?"),
])
def test_agent_parameters_are_checked_against_the_defaults(agent_file, parameters, message):
    spec = make_spec(agent=f"{agent_file}:Agent")
    spec["agent"]["parameters"].update(parameters)
    with pytest.raises(SpecError) as error:
        resolve_spec(spec)
    assert str(error.value) == message


def test_agent_parameters_of_the_right_kind_pass(agent_file):
    spec = make_spec(agent=f"{agent_file}:Agent")
    spec["agent"]["parameters"].update(lr=1, layers=[8], anything={"x": [1]})
    assert resolve_spec(spec)["agent"]["parameters"]["lr"] == 1


def test_an_agent_can_take_free_form_parameters(agent_file):
    spec = make_spec(agent=f"{agent_file}:FreeAgent")
    spec["agent"]["parameters"]["extra"] = 1
    assert resolve_spec(spec)["agent"]["parameters"]["extra"] == 1
    spec["agent"]["parameters"]["lr"] = "fast"
    with pytest.raises(SpecError, match="agent.parameters.lr: expected a number"):
        resolve_spec(spec)
