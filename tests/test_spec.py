"""Run spec checking: every message names the key; defaults merged; input untouched; typed, classes resolved once."""

import copy
import dataclasses
import sys
from pathlib import Path

import pytest
import yaml

import gym_loop.resolve
from conftest import AGENTS, make_spec
from gym_loop.errors import SpecError
from gym_loop.gym_loop import eval_agent, get_default_params, train_agent
from gym_loop.loops import BaseLoop, DefaultLoop
from gym_loop.loops.vector_loop import VectorLoop
from gym_loop.rules import defaults_of, rules_of
from gym_loop.spec import TOP_LEVEL_PARAMETERS, RunSpec, load_spec, resolve_spec, run_spec

DOCS = Path(__file__).parent.parent / "docs"


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
from gym_loop.rules import POSITIVE_NUMBER, Parameter, defaults_of, rules_of

class Agent(BaseAgent):
    @staticmethod
    def get_default_parameters():
        return {"lr": 0.1, "layers": [64, 64], "double": True, "name": "q", "anything": None,
                "net": {"hidden": [64, 64], "opt": {"lr": 0.001}}, "kwargs": {}}

    def act(self, state, episode_num):
        return 0

class FreeAgent(Agent):
    ANY_PARAMETERS = True

class TabledAgent(Agent):
    PARAMETERS = {"lr": Parameter(0.1, POSITIVE_NUMBER, "Step size.")}
    PARAMETER_RULES = rules_of(PARAMETERS)

    @staticmethod
    def get_default_parameters():
        return defaults_of(TabledAgent.PARAMETERS)
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
    ({"name": 3}, "agent.parameters.name: expected a string, got 3; quote it to keep it a string (YAML reads an "
                  "unquoted yes, no, on, off, number or date as such; with --set, quote inside the shell's quotes: "
                  "--set \"KEY='VALUE'\")"),
    ({"l_r": 0.1}, "agent.parameters.l_r: unknown key; did you mean 'lr'?"),
    ({"net": {"hiden": [8]}}, "agent.parameters.net.hiden: unknown key; did you mean 'hidden'?"),
    ({"net": {"hidden": "abc"}}, 'agent.parameters.net.hidden: expected a list, got "abc"'),
    ({"net": {"opt": {"lr": "x"}}}, 'agent.parameters.net.opt.lr: expected a number, got "x"'),
])
def test_agent_parameters_are_checked_against_the_defaults(agent_file, parameters, message):
    spec = make_spec(agent=f"{agent_file}:Agent")
    spec["agent"]["parameters"].update(parameters)
    with pytest.raises(SpecError) as error:
        resolve_spec(spec)
    assert str(error.value) == message


def test_agent_parameters_of_the_right_kind_pass(agent_file):
    spec = make_spec(agent=f"{agent_file}:Agent")
    spec["agent"]["parameters"].update(lr=1, layers=[8], anything={"x": [1]}, kwargs={"free": "form"},
                                       net={"hidden": [8], "opt": {"lr": 1}})
    assert resolve_spec(spec)["agent"]["parameters"]["lr"] == 1


def test_an_agent_can_take_free_form_parameters(agent_file):
    spec = make_spec(agent=f"{agent_file}:FreeAgent")
    spec["agent"]["parameters"]["extra"] = 1
    spec["agent"]["parameters"]["net"] = {"hidden": [8], "more": 1}
    assert resolve_spec(spec)["agent"]["parameters"]["extra"] == 1
    spec["agent"]["parameters"]["lr"] = "fast"
    with pytest.raises(SpecError, match="agent.parameters.lr: expected a number"):
        resolve_spec(spec)


def test_a_parameter_table_gives_defaults_and_rules(agent_file):
    spec = make_spec(agent=f"{agent_file}:TabledAgent")
    assert run_spec(spec).agent.parameters["lr"] == 0.1  # with Agent's other parameters (fix9b1: inherited)
    spec["agent"]["parameters"]["lr"] = -1
    with pytest.raises(SpecError, match="agent.parameters.lr: expected a positive number, got -1"):
        run_spec(spec)


def test_the_checked_spec_is_typed_frozen_and_gives_back_its_yaml_layout():
    document = make_spec(agent=f"{AGENTS / 'readme_agent.py'}:ReadmeAgent")
    spec = run_spec(document)
    assert isinstance(spec, RunSpec) and run_spec(spec) is spec
    assert spec.agent.cls.__name__ == "ReadmeAgent" and spec.loop.cls is DefaultLoop
    assert spec.env.name == "CartPole-v1" and spec.policy is None and spec.runs_dir == "runs"
    with pytest.raises(dataclasses.FrozenInstanceError):
        spec.seed = 3
    layout = spec.to_dict()
    assert layout == resolve_spec(document) == {**document, "policy": None}
    assert run_spec(yaml.safe_load(yaml.safe_dump(layout))) == spec


def test_each_class_string_is_resolved_once_per_process(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(gym_loop.resolve, "_classes", {})
    resolved = []
    original = gym_loop.resolve.module_str_to_class
    monkeypatch.setattr(gym_loop.resolve, "module_str_to_class", lambda name: resolved.append(name) or original(name))
    document = get_default_params(f"{AGENTS / 'readme_agent.py'}:ReadmeAgent")
    document["env"]["name"] = "CartPole-v1"
    document["loop"]["parameters"].update(max_episodes=2, eval_episodes=1, episodes_per_eval=1)
    spec = run_spec(document)
    train_agent(spec, run_dir=tmp_path / "run")
    train_agent(document, run_dir=tmp_path / "again")
    eval_agent(document, checkpoint="latest", run_dir=tmp_path / "run")
    assert sorted(resolved) == sorted([document["agent"]["class"], document["loop"]["class"]])
    assert yaml.safe_load((tmp_path / "run" / "spec.yaml").read_text())["loop"] == spec.to_dict()["loop"]


@pytest.mark.parametrize("loop_class", [BaseLoop, DefaultLoop, VectorLoop])
def test_a_loops_defaults_and_rules_come_from_its_parameter_table(loop_class):
    assert list(loop_class.get_default_parameters().items()) == list(defaults_of(loop_class.PARAMETERS).items())
    assert loop_class.PARAMETER_RULES == rules_of(loop_class.PARAMETERS)
    assert all(parameter.doc.strip() and parameter.rule for parameter in loop_class.PARAMETERS.values())
    assert loop_class.get_default_parameters() is not loop_class.get_default_parameters()


def test_the_docs_tables_are_generated_from_the_parameter_tables(monkeypatch):
    monkeypatch.syspath_prepend(str(DOCS / "_ext"))
    from parameter_tables import parameters_of, table_lines

    text = (DOCS / "spec.rst").read_text()
    for target in ("gym_loop.spec:TOP_LEVEL_PARAMETERS", "gym_loop.loops.default_loop:DefaultLoop",
                   "gym_loop.loops.vector_loop:VectorLoop"):
        assert f".. parameter-table:: {target}\n" in text
    assert parameters_of("gym_loop.spec:TOP_LEVEL_PARAMETERS") is TOP_LEVEL_PARAMETERS
    lines = table_lines(VectorLoop.PARAMETERS, exclude=DefaultLoop.PARAMETERS)
    assert [line for line in lines if line.startswith("   * - ``")] == [
        "   * - ``num_envs``", "   * - ``vectorization_mode``", "   * - ``vector_kwargs``"]
    assert "     - ``{}``" in lines and "     - a mapping of names to values" in lines
    assert "parameter_tables" in sys.modules


DEFAULTS_AGENTS = """
import numpy as np
from gym_loop.agents import BaseAgent

class NotStatic(BaseAgent):
    def get_default_parameters(self):
        return {"lr": 0.1}

    def act(self, state, episode_num):
        return 0

class NumPyDefaults(BaseAgent):
    @staticmethod
    def get_default_parameters():
        return {"gamma": np.float32(0.99), "n": np.int64(3), "hidden": (64, np.int32(64)), "on": np.bool_(True)}

    def act(self, state, episode_num):
        assert np.float32(self.gamma) == np.float32(0.99) and self.n == 3, (self.gamma, self.n)
        return 0
"""


def test_create_default_refuses_a_get_default_parameters_that_is_not_static(tmp_path):
    from conftest import run_cli

    (tmp_path / "defaults_agents.py").write_text(DEFAULTS_AGENTS)
    result = run_cli("create-default", "-a", "defaults_agents.py:NotStatic", "-c", "x.yaml", cwd=tmp_path)
    assert result.returncode == 2 and not (tmp_path / "x.yaml").exists()
    assert result.stderr.strip() == ("Error: agent.class: NotStatic.get_default_parameters is not a @staticmethod; "
                                     "put @staticmethod above it and drop its self (it is called on the class, "
                                     "with no instance)")


def test_numpy_scalars_in_defaults_are_written_as_plain_numbers(tmp_path):
    from conftest import only_run, run_cli

    (tmp_path / "defaults_agents.py").write_text(DEFAULTS_AGENTS)
    result = run_cli("create-default", "-a", "defaults_agents.py:NumPyDefaults", "-c", "x.yaml", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    written = yaml.safe_load((tmp_path / "x.yaml").read_text())["agent"]["parameters"]
    assert written == {"gamma": 0.99, "n": 3, "hidden": [64, 64], "on": True}
    assert "gamma: 0.99\n" in (tmp_path / "x.yaml").read_text()  # the shortest repr, not 0.9900000095367432
    result = run_cli("-q", "train", "-c", "x.yaml", "-s", "env.name=CartPole-v1",
                     "-s", "loop.parameters.max_episodes=1", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert yaml.safe_load((only_run(tmp_path) / "spec.yaml").read_text().split("\n", 1)[1])["agent"][
        "parameters"]["gamma"] == 0.99
