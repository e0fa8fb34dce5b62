"""fix13a: RL Zoo's and Stable-Baselines3's flat keys at the top level point to gym-loop's (tester13a-6)."""

import pytest

from gym_loop.errors import SpecError
from gym_loop.spec import run_spec

VECTOR = "gym_loop.loops.vector_loop:VectorLoop"


def _spec(loop_class=None, **flat):
    loop = {"class": loop_class} if loop_class else {}
    return {"agent": {"class": "gym_loop.agents.random_agent:RandomAgent"}, "env": {"name": "CartPole-v1"},
            "loop": loop, **flat}


@pytest.mark.parametrize("key, loop_class, message", [
    ("n_timesteps", None, "n_timesteps: unknown key; gym-loop's name for it is 'loop.parameters.max_steps'"),
    ("total_timesteps", None, "total_timesteps: unknown key; gym-loop's name for it is 'loop.parameters.max_steps'"),
    ("eval_freq", None, "eval_freq: unknown key; gym-loop's name for it is 'loop.parameters.episodes_per_eval', "
                        "counted in episodes"),
    ("n_eval_episodes", None, "n_eval_episodes: unknown key; gym-loop's name for it is "
                              "'loop.parameters.eval_episodes'"),
    ("n_envs", VECTOR, "n_envs: unknown key; gym-loop's name for it is 'loop.parameters.num_envs'"),
    ("n_envs", None, "n_envs: unknown key; to step several envs at once, give loop.class: "
                     "gym_loop.loops.vector_loop:VectorLoop, whose num_envs says how many"),
    ("num_envs", None, "num_envs: unknown key; to step several envs at once, give loop.class: "
                       "gym_loop.loops.vector_loop:VectorLoop, whose num_envs says how many"),
    ("env_kwargs", None, "env_kwargs: unknown key; did you mean env.parameters (the env's keyword arguments)?"),
])
def test_a_flat_key_of_rl_zoo_points_to_its_place(key, loop_class, message):
    with pytest.raises(SpecError) as raised:
        run_spec(_spec(loop_class, **{key: 1}))
    assert str(raised.value) == message


def test_a_parameter_of_the_class_by_that_name_comes_first():
    with pytest.raises(SpecError, match=r"^num_envs: unknown key; did you mean loop.parameters.num_envs\?$"):
        run_spec(_spec(VECTOR, num_envs=2))
