"""left8: env.parameters given to gymnasium.make are checked as the spec's own parameters are: a YAML ``true`` is no
number (``max_episode_steps: true`` was taken as 1), also for an env constructor's keyword whose default is a number."""

import pytest

from conftest import make_spec
from gym_loop.errors import SpecError
from gym_loop.spec import run_spec


@pytest.mark.parametrize("env_name, key, value, expected", [
    ("CartPole-v1", "max_episode_steps", True, "expected a positive integer or null, got true"),
    ("CartPole-v1", "max_episode_steps", 0, "expected a positive integer or null, got 0"),
    ("CartPole-v1", "disable_env_checker", 1, "expected true or false or null, got 1"),
    ("Pendulum-v1", "g", True, "expected a number, got true"),  # the constructor's default: 10.0
    ("FrozenLake-v1", "success_rate", False, "expected a number, got false"),
])
def test_a_make_keyword_or_a_numeric_env_parameter_refuses_a_boolean(env_name, key, value, expected):
    spec = make_spec(env_name)
    spec["env"]["parameters"] = {key: value}
    with pytest.raises(SpecError) as error:
        run_spec(spec)
    assert str(error.value) == f"env.parameters.{key}: {expected}"


@pytest.mark.parametrize("env_name, parameters", [
    ("CartPole-v1", {"max_episode_steps": 20, "disable_env_checker": True, "sutton_barto_reward": True}),
    ("FrozenLake-v1", {"is_slippery": False, "success_rate": 0.5, "map_name": "8x8", "max_episode_steps": None}),
])
def test_env_parameters_of_the_right_kind_still_pass(env_name, parameters):
    spec = make_spec(env_name)
    spec["env"]["parameters"] = parameters
    assert run_spec(spec).env.parameters == parameters
