"""left7: a module name with a NUL character is shown escaped; create-default --set policy.class=X replaces the
agent's default policy as --set policy=... does."""

import pytest
import yaml

from conftest import make_spec, run_cli
from gym_loop.errors import SpecError
from gym_loop.spec import run_spec


@pytest.mark.parametrize("key", ["env.imports", "env.name"])
def test_a_module_name_with_a_nul_character_is_shown_escaped(key):
    spec = make_spec()
    if key == "env.imports":
        spec["env"]["imports"] = ["a\0b"]
    else:
        spec["env"]["name"] = "a\0b:CartPole-v1"
    with pytest.raises(SpecError) as error:
        run_spec(spec)
    assert "\0" not in str(error.value)
    assert str(error.value).startswith(f"{key}: cannot import 'a\\x00b' (")
    assert str(error.value) == (f"{key}: cannot import 'a\\x00b' (No module named 'a\\x00b'); install the package "
                                "that provides it")  # no "put a<NUL>b.py in the working directory": no file has it
