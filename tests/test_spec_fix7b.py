"""tester7c-4, -7: the spec check names what is wrong with a mapping (a key that is no name, None included), and a
falsy value of the wrong kind is refused as any other value of the wrong kind."""

import pytest

from gym_loop.errors import SpecError
from gym_loop.spec import default_spec, run_spec

DEFAULTS = """
from gym_loop.agents import BaseAgent

class Agent(BaseAgent):
    def act(self, state, episode_num):
        return 0

    @staticmethod
    def get_default_parameters():
        return {KEY: 4}

class WithPolicy(BaseAgent):  # not on Agent, whose defaults it would inherit (fix9b1)
    def act(self, state, episode_num):
        return 0

    @staticmethod
    def get_default_policy():
        return {KEY: 4}
"""


@pytest.mark.parametrize("key", ["3", "None", "(1, 2)"])
@pytest.mark.parametrize("name, method, fix", [
    ("Agent", "get_default_parameters", "it must be a @staticmethod returning a dict of parameters ({} for none)"),
    ("WithPolicy", "get_default_policy", "it must be a @staticmethod returning None (no policy) or a policy section"),
])
def test_a_default_mapping_with_a_key_that_is_no_name_names_the_key(tmp_path, key, name, method, fix):
    file = tmp_path / f"defaults_fix7b_{name}_{len(key)}.py"
    file.write_text(DEFAULTS.replace("KEY", key))
    with pytest.raises(SpecError) as error:
        default_spec(f"{file}:{name}")
    assert str(error.value).startswith(f"agent.class: {name}.{method}() returned a mapping with the key {key}, "
                                       f"not a name; {fix}")


def test_a_spec_mapping_with_the_key_null_names_it():
    spec = default_spec()
    spec["agent"]["parameters"] = {None: 1}
    with pytest.raises(SpecError, match=r"^agent\.parameters: expected a mapping of names to values, got a mapping "
                                        r"with the key None, not a name$"):
        run_spec(spec)


@pytest.mark.parametrize("section, key, value, expected", [
    ("agent", "parameters", 0, "a mapping of names to values, got 0"),
    ("loop", "parameters", False, "a mapping of names to values, got false"),
    ("loop", "parameters", [], "a mapping of names to values, got []"),
    ("env", "parameters", "", 'a mapping of names to values, got ""'),
    ("env", "imports", False, "a list of module names, got false"),
    ("env", "imports", 0, "a list of module names, got 0"),
    ("env", "imports", {}, "a list of module names, got a mapping"),
])
def test_a_falsy_value_of_the_wrong_kind_is_refused(section, key, value, expected):
    spec = default_spec()
    spec[section][key] = value
    with pytest.raises(SpecError) as error:
        run_spec(spec)
    assert str(error.value) == f"{section}.{key}: expected {expected}"


@pytest.mark.parametrize("key", ["runs_dir", "loop.parameters.logdir", "loop.parameters.episodes_csv"])
def test_a_path_with_a_nul_character_is_refused(key):  # tester7c-15: no file system takes one
    spec = default_spec()
    *sections, name = key.split(".")
    target = spec
    for section in sections:
        target = target[section]
    target[name] = "a\0b"
    with pytest.raises(SpecError) as error:
        run_spec(spec)
    assert str(error.value) in (f'{key}: expected a path, got "a\\u0000b"',
                                f'{key}: expected a path or null, got "a\\u0000b"')
