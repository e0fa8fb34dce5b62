"""tester14a-15: build_env (the seeds' API) given a loop section, or loop.parameters, that is not a mapping raises
SpecError at its key, not AttributeError."""

import pytest

from gym_loop.errors import SpecError
from gym_loop.gym_loop import build_env


@pytest.mark.parametrize("loop, key", [(["x"], "loop"), ({"parameters": ["x"]}, "loop.parameters"),
                                       ("x", "loop")])
def test_not_a_mapping(loop, key):
    with pytest.raises(SpecError, match=r"expected a mapping, got") as raised:
        build_env({"env": {"name": "CartPole-v1"}, "loop": loop})
    assert raised.value.key == key
