"""A run_params value spec.yaml cannot hold (tester7f-13: gymnasium's AutoresetMode enum in vector_kwargs) is refused
at its key before any run folder, in one line, not with yaml's RepresenterError."""

import pytest
from gymnasium.vector import AutoresetMode

from gym_loop.errors import SpecError
from gym_loop.gym_loop import train_agent


def test_an_enum_in_vector_kwargs_is_refused_at_its_key_naming_its_value(tmp_path):
    params = {"agent": {"class": "gym_loop.agents.random_agent:RandomAgent"}, "env": {"name": "CartPole-v1"},
              "loop": {"class": "gym_loop.loops.vector_loop:VectorLoop",
                       "parameters": {"num_envs": 2, "max_episodes": 2,
                                      "vector_kwargs": {"autoreset_mode": AutoresetMode.NEXT_STEP}}}}
    with pytest.raises(SpecError) as caught:
        train_agent(params, run_dir=tmp_path / "run")
    assert str(caught.value) == ("loop.parameters.vector_kwargs.autoreset_mode: spec.yaml cannot hold "
                                 "<AutoresetMode.NEXT_STEP: 'NextStep'> (type AutoresetMode); give a string, number, "
                                 "boolean, list or mapping: 'NextStep'")
    assert not (tmp_path / "run").exists()


def test_any_object_in_a_mapping_parameter_is_refused_at_its_key(tmp_path):
    params = {"agent": {"class": "gym_loop.agents.random_agent:RandomAgent"}, "env": {"name": "CartPole-v1"},
              "loop": {"class": "gym_loop.loops.vector_loop:VectorLoop",
                       "parameters": {"num_envs": 2, "max_episodes": 2, "vector_kwargs": {"copy": [object]}}}}
    with pytest.raises(SpecError, match=r"^loop.parameters.vector_kwargs.copy.0: spec.yaml cannot hold "):
        train_agent(params, run_dir=tmp_path / "run")
    assert not (tmp_path / "run").exists()
