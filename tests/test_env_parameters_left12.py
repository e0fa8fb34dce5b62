"""tester11g-10: a registration function that renames a parameter of the env it makes (docs/spec.rst, Wrappers)."""

import gymnasium
import pytest

from gym_loop.errors import SpecError
from gym_loop.gym_loop import build_env


def explicit(slippery=True, **kwargs):
    return gymnasium.make("FrozenLake-v1", is_slippery=slippery, **kwargs)


gymnasium.register("ExplicitLeft12-v1", entry_point=explicit)
TAKES = "it takes slippery, desc, map_name, is_slippery, success_rate, reward_schedule"


@pytest.mark.parametrize("key, told", [
    ("slipery", f"ExplicitLeft12-v1 (through FrozenLake-v1) takes no such argument; did you mean 'slippery'? ({TAKES})"),
    ("is_slippery", "ExplicitLeft12-v1 sets is_slippery itself (its entry point passes a value of its own on); "
                    "remove it (it takes slippery, and passes the rest on)")])
def test_a_renamed_parameter_is_named_by_the_function_s_own_name(key, told):
    """The did-you-mean named the inner env's key ('is_slippery'), and following it failed with Gymnasium's 'got
    multiple values for keyword argument' sentence."""
    with pytest.raises(SpecError) as raised:
        build_env({"env": {"name": "ExplicitLeft12-v1", "parameters": {key: False}}})
    assert str(raised.value) == f"env.parameters.{key}: {told}"
    assert build_env({"env": {"name": "ExplicitLeft12-v1", "parameters": {"slippery": False}}}).spec.id
