"""note15's leftovers (review12-1, fix12g): create-default's refusal of a default spec.yaml cannot hold chains the
YAML error that refused it (--debug shows why), and a list or mapping default that holds itself is that one-line
refusal, not a RecursionError."""

import pytest
import yaml

from conftest import run_cli

from gym_loop.errors import SpecError
from gym_loop.spec import _defaults, check_writable, plain
from gym_loop.agents import BaseAgent

AGENT = """
from gym_loop.agents import BaseAgent

class A(BaseAgent):
    @staticmethod
    def get_default_parameters():
        VALUE
        return {"p": p}

    def act(self, state, episode_num):
        return 0
"""


def _agent(default):
    class A(BaseAgent):
        @staticmethod
        def get_default_parameters():
            return {"p": default}

        def act(self, state, episode_num):
            return 0
    return A


@pytest.mark.parametrize("default, cause", [(object(), yaml.representer.RepresenterError), ({1}, yaml.YAMLError)])
def test_the_refusal_of_a_default_chains_the_yaml_error(default, cause):
    with pytest.raises(SpecError) as caught:
        _defaults(_agent(default), "agent")
    assert isinstance(caught.value.__cause__, cause), repr(caught.value.__cause__)


def test_debug_shows_the_yaml_error_as_the_cause(tmp_path):
    (tmp_path / "ag.py").write_text(AGENT.replace("VALUE", "p = object()"))
    result = run_cli("--debug", "create-default", "-a", "ag.py:A", "-c", "s.yaml", cwd=tmp_path)
    assert result.returncode != 0
    assert "RepresenterError" in result.stderr and "direct cause" in result.stderr, result.stderr


@pytest.mark.parametrize("value, key, kind", [
    ("p = []; p.append(p)", "p", "list"),
    ('p = {"a": [1, {}]}; p["a"][1]["b"] = p["a"]', "p.a", "list"),
    ('p = {"a": 1}; p["self"] = p', "p", "dict"),
])
def test_a_default_that_holds_itself_is_refused_in_one_line(tmp_path, value, key, kind):
    (tmp_path / "ag.py").write_text(AGENT.replace("VALUE", value))
    result = run_cli("create-default", "-a", "ag.py:A", "-c", "s.yaml", cwd=tmp_path)
    assert result.returncode == 2 and not (tmp_path / "s.yaml").exists(), result.stderr
    assert result.stderr == (f"Error: agent.parameters.{key}: A.get_default_parameters() gives it a {kind} that holds "
                             "itself, which a YAML spec cannot hold; give a number, string, boolean, null, list or "
                             "mapping (build the object from it)\n")


def test_a_value_from_python_that_holds_itself_is_refused_at_its_key():
    held = [1]
    held.append(held)
    with pytest.raises(SpecError, match=r"^loop\.parameters\.x: spec\.yaml cannot hold \[1, \[\.\.\.\]\] \(type list "
                                        r"that holds itself\); give a string"):
        check_writable({"x": held}, "loop.parameters")


def test_plain_keeps_shared_values_apart_and_a_value_that_holds_itself_as_it_is():
    shared = [1.0]
    copied = plain({"a": shared, "b": shared})
    assert copied == {"a": [1.0], "b": [1.0]} and copied["a"] is not copied["b"]  # no YAML anchors in spec.yaml
    looped = [2]
    looped.append(looped)
    copy = plain(looped)
    assert copy is not looped and copy[1] is copy
