"""Speed changes that must not change results: attributes of spaces and wrappers read without vars(), state.json's
text of unchanged global generators reused, NumPy's global generator read again only when it moved (see the
comments where they live, and docs/performance.rst)."""

import json
import random

import gymnasium as gym
import numpy as np
from gymnasium.spaces import Box, Dict, Discrete, Graph, Tuple

from gym_loop.loop_protocol import plain_state
from gym_loop.loops.wrappers import learning_wrappers
from gym_loop.run_checkpoints import Checkpoints
from gym_loop.seeding import _numpy_global_state, generator_states
from gym_loop.state import _held_spaces, attribute_values, space_generators


def test_attribute_values_are_those_of_vars_in_order_made_dict_or_not():
    space = Graph(Box(0, 1, (2,)), Discrete(3))
    made = Graph(Box(0, 1, (2,)), Discrete(3))
    vars(made)  # its dict made, as pickling makes it
    for owner in (space, made):
        flat = [item for value in vars(owner).values()
                for item in (value.values() if isinstance(value, dict) else (value,))]
        assert [id(value) for value in attribute_values(owner)] == [id(value) for value in flat]


def test_space_generators_walk_the_parts_as_vars_did():
    def by_vars(space, seen=frozenset()):  # the walk before attribute_values
        yield space.np_random
        for value in vars(space).values():
            for part in _held_spaces(value):
                if id(part) not in seen | {id(space)}:
                    yield from by_vars(part, seen | {id(space)})

    space = Dict({"a": Tuple((Discrete(3), Discrete(2))), "b": Graph(Box(0, 1, (2,)), Discrete(3))})
    space.sample()  # Graph keeps batched copies of its parts
    walked = [id(generator) for generator in space_generators(space)]
    assert len(walked) >= 7 and walked == [id(generator) for generator in by_vars(space)]


def test_learning_wrappers_found_without_vars():
    env = gym.wrappers.NormalizeObservation(gym.make("CartPole-v1"))
    try:
        assert learning_wrappers(env) == [env]
    finally:
        env.close()


def test_state_text_is_json_dumps_while_the_global_generators_move_or_not(tmp_path):
    checkpoints = Checkpoints(tmp_path / "checkpoints", lambda path: None, 3, [], None)
    try:
        generator = np.random.default_rng(0)
        for step in range(5):
            state = {"format": 1, "run": {"summary": {"returns": [1.5, float(step)]},
                                          "generators": generator_states([generator])}, "loop": {"episodes": step}}
            assert checkpoints._state_text(state) == json.dumps(state)
            generator.random()
            if step in (1, 3):
                random.random()
                np.random.rand()
    finally:
        checkpoints.close()


def test_numpy_global_state_is_a_full_read_also_after_a_held_gaussian():
    np.random.seed(1)
    for step in range(7):
        assert json.dumps(_numpy_global_state()) == json.dumps(plain_state(np.random.get_state(legacy=False), "n"))
        if step == 1:
            np.random.rand()
        if step in (2, 3):  # the first draws two Gaussians and holds one back; the second takes it: no byte moves
            np.random.standard_normal()
        if step == 4:
            np.random.seed(1)
