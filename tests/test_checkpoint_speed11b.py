"""Checkpoints written with less work (speed11b): the same text and files, the same guarantees."""

import json
import math
import random

import numpy as np

from gym_loop.run_checkpoints import Checkpoints
from gym_loop.seeding import generator_states


def test_state_text_is_json_dumps_whatever_the_returns_hold(tmp_path):
    checkpoints = Checkpoints(tmp_path / "checkpoints", lambda path: None, 3, [], None)
    try:
        generator = np.random.default_rng(0)
        odd = [0.0, -0.0, 1, 1.0, True, np.float64(2.5), np.float32(0.1), math.inf, -math.inf, math.nan, 1e300, None]
        for step in range(12):
            returns = [float(step % 3), 2.5, odd[step], 0.1 * step, float(step % 3)]
            state = {"format": 1, "run": {"summary": {"episodes": step, "returns": returns, "lengths": [3, 4]},
                                          "best_eval_return": None, "generators": generator_states([generator]),
                                          "rest": [[1.5, 2]]}, "loop": {"episodes": step, "x": {"y": [1.5]}}}
            expected = json.dumps(state, default=lambda value: value.item())
            assert checkpoints._state_text(state) == expected
            if step == 5:
                random.random()
                np.random.rand()
        for other in ({}, {"run": {}}, {"run": {"summary": {"returns": [1.0]}}}, {"run": {"generators": {}}},
                      {"run": {"summary": {"returns": (1.5,)}, "generators": {"random": [1], "torch": None}}}):
            assert checkpoints._state_text(other) == json.dumps(other)
    finally:
        checkpoints.close()
