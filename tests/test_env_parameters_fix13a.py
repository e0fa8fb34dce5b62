"""fix13a: a whole number written as a float (RL Zoo's ``1e3``) in env.parameters is an int where gymnasium.make's
rule or the env's default takes an int, as in the other sections; a float default keeps the float (tester13a-4)."""

import gymnasium
import pytest

from gym_loop.spec import env_spec


def sized(size=5, scale=1.0, **kwargs):
    return gymnasium.make("CartPole-v1", **kwargs)


gymnasium.register("SizedCartPole-fix13a-v0", entry_point=sized, kwargs={"limit": 3})


def _parameters(name, **parameters):
    return env_spec({"env": {"name": name, "parameters": parameters}}).parameters


def test_max_episode_steps_written_with_an_exponent_is_an_int():
    parameters = _parameters("CartPole-v1", max_episode_steps=1e3)
    assert parameters == {"max_episode_steps": 1000} and type(parameters["max_episode_steps"]) is int


def test_an_int_default_of_the_constructor_or_registration_takes_an_int_and_a_float_one_keeps_the_float():
    parameters = _parameters("SizedCartPole-fix13a-v0", size=6e0, scale=2e0, limit=4e0, other=1e0)
    assert parameters == {"size": 6, "scale": 2.0, "limit": 4, "other": 1.0}
    assert [type(parameters[key]) for key in ("size", "scale", "limit", "other")] == [int, float, int, float]
    assert type(_parameters("Pendulum-v1", g=1e1)["g"]) is float


def test_a_fraction_is_still_refused_where_the_rule_takes_only_integers():
    with pytest.raises(Exception, match="env.parameters.max_episode_steps: expected a positive integer or null"):
        _parameters("CartPole-v1", max_episode_steps=1.5e0)
