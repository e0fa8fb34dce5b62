"""note14's leftover: YAML 1.1's unquoted yes/no/on/off read as booleans where the spec expects a string."""

import pytest

from gym_loop.errors import SpecError
from gym_loop.spec import env_spec

QUOTE = ("; quote it to keep it a string (YAML reads an unquoted yes, no, on, off, number or date as such; "
         "with --set, quote inside the shell's quotes: --set \"KEY='VALUE'\")")  # fix14a: the --set form


@pytest.mark.parametrize("env, told", [
    ({"name": "CartPole-v1", "imports": ["mymodule", True]},
     'env.imports: expected a list of module names, got ["mymodule", true]' + QUOTE),
    ({"name": "FrozenLake-v1", "parameters": {"map_name": True}},
     "env.parameters.map_name: expected a string, got true" + QUOTE)])
def test_an_unquoted_boolean_where_the_env_takes_a_string_is_refused_with_the_hint(env, told):
    """imports: [on] had no hint; map_name: on (a string by default) reached gymnasium.make as True and was refused
    as 'KeyError: True; fix the value'."""
    with pytest.raises(SpecError) as raised:
        env_spec({"env": env})
    assert str(raised.value) == told


def test_a_string_where_the_env_takes_a_string_and_no_default_is_not_refused():
    assert env_spec({"env": {"name": "FrozenLake-v1", "parameters": {"map_name": "8x8", "desc": None}}}).parameters
