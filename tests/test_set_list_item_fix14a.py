"""tester14a-18: --set KEY.0=VALUE into a list gets one message, whether the file lists it or not, naming the list
and the --set of the whole list that works."""

import pytest

from gym_loop.errors import SpecError
from gym_loop.spec import apply_overrides, run_spec

SPEC = {"agent": {"class": "gym_loop.agents.random_agent:RandomAgent"}, "env": {"name": "CartPole-v1"},
        "loop": {"parameters": {"max_episodes": 1}}}
WHOLE = "env.imports: is a list; --set cannot set one item of it: give the whole list, --set 'env.imports=[\"x\"]'"


def test_listed_and_missing_alike():
    with pytest.raises(SpecError) as listed:
        apply_overrides({**SPEC, "env": {"name": "CartPole-v1", "imports": []}}, ["env.imports.0=x"])
    with pytest.raises(SpecError) as missing:
        run_spec(apply_overrides(SPEC, ["env.imports.0=x"]))
    assert str(listed.value) == str(missing.value) == WHOLE


def test_list_parameter():
    with pytest.raises(SpecError, match=r"^loop.parameters.x: is a list; --set cannot set one item of it: give the "
                                        r"whole list, --set 'loop.parameters.x=\[1, 5\]'$"):
        apply_overrides({"loop": {"parameters": {"x": [1, 2]}}}, ["loop.parameters.x.1=5"])
