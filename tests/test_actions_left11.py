"""The first-action check's rule for a Box (float64 for float32 taken, a refusal says why) holds for the parts of a
Tuple or Dict action too (tester10g-14), and a float array for a MultiDiscrete is refused with its reason and the
fix (tester10g-15)."""

import numpy as np
import pytest
from gymnasium.spaces import Box, Dict, Discrete, MultiDiscrete, Tuple

from conftest import make_spec, run_cli, write_spec
from gym_loop.loops.answers import acceptable, action_fix

BOX = Box(-1, 1, (1,), np.float32)


@pytest.mark.parametrize("space, action", [
    (Tuple((BOX, Discrete(2))), (np.array([0.5]), 1)),
    (Tuple((BOX, Discrete(2))), [np.array([0.5]), 1]),
    (Dict({"m": BOX, "k": Discrete(2)}), {"m": np.array([0.5]), "k": 1}),
    (Tuple((Dict({"m": BOX}), Tuple((BOX,)))), ({"m": np.array([0.5])}, (np.array([-0.5]),)))])
def test_float64_parts_for_float32_boxes_are_taken(space, action):
    assert acceptable(space, action)


@pytest.mark.parametrize("space, action", [
    (Tuple((BOX, Discrete(2))), (np.array([2.0]), 1)),
    (Tuple((BOX, Discrete(2))), (np.array([0.5]), 2)),
    (Tuple((BOX, Discrete(2))), (np.array([0.5]),)),
    (Dict({"m": BOX, "k": Discrete(2)}), {"m": np.array([0.5])}),
    (Dict({"m": Box(0, 100, (1,), np.int8), "k": Discrete(2)}), {"m": np.array([300]), "k": 1})])
def test_parts_out_of_their_space_are_refused(space, action):
    assert not acceptable(space, action)


@pytest.mark.parametrize("space, action, fix", [
    (Tuple((BOX, Discrete(2))), (np.array([2.0]), 1),
     " (its part 0, array([2.]), is not an action of Box(-1.0, 1.0, (1,), float32): it is outside the space's bounds: "
     "use np.clip(action[0], self.action_space[0].low, self.action_space[0].high))"),
    (Tuple((BOX, Discrete(2))), (np.array([0.5]), 5),
     " (its part 1, 5, is not an action of Discrete(2): a Discrete's actions are 0 to 1: use an int from "
     "self.action_space[1].start to start + n - 1)"),
    (Tuple((BOX, Discrete(2))), (np.array([0.5]),),
     " (it has 1 part, the space 2)"),
    (Dict({"m": BOX, "k": Discrete(2)}), {"m": np.array([[0.5]]), "k": 1},
     " (its 'm', array([[0.5]]) (shape (1, 1)), is not an action of Box(-1.0, 1.0, (1,), float32): its shape is "
     "(1, 1), the space's (1,): use np.reshape(action['m'], (1,)))"),
    (Dict({"m": BOX, "k": Discrete(2)}), {"m": np.array([0.5])},
     " (its keys are ['m'], the space's ['k', 'm'])"),
    (MultiDiscrete([3, 3]), np.array([1.0, 0.0]),
     " (its dtype float64 cannot be cast safely to the space's int64: return np.rint(action).astype(np.int64))"),
    (MultiDiscrete([3, 3]), np.array([1, 3]),
     " (it is outside the space's values: return np.clip(action, self.action_space.start, "
     "self.action_space.start + self.action_space.nvec - 1))"),
    (MultiDiscrete([3, 3]), np.array([1, 0, 0]),
     " (its shape is (3,), the space's (2,): return an array of shape (2,))")])
def test_a_refusal_names_the_part_and_its_fix(space, action, fix):
    assert not acceptable(space, action)
    assert action_fix(action, space) == fix


def test_a_part_the_env_refused_once_taken_gets_the_dtype_fix():
    """An env of its own asserting contains() refuses a float64 part the first-action check took: as for a Box."""
    assert action_fix((np.array([0.5]), 1), Tuple((BOX, Discrete(2)))) == (
        " (its part 0, array([0.5]), is not an action of Box(-1.0, 1.0, (1,), float32): its dtype float64 cannot be "
        "cast safely to the space's float32: use action[0].astype(np.float32))")


ENV = """
import numpy as np, gymnasium as gym
from gymnasium import spaces
class TEnv(gym.Env):
    def __init__(self, kind="tuple"):
        self.observation_space = spaces.Box(-1, 1, (2,), np.float32)
        box = spaces.Box(-1, 1, (1,), np.float32)
        self.action_space = (spaces.Tuple((box, spaces.Discrete(2))) if kind == "tuple" else
                             spaces.MultiDiscrete([3, 3]) if kind == "md" else
                             spaces.Dict({"m": box, "k": spaces.Discrete(2)}))
    def reset(self, seed=None, options=None):
        super().reset(seed=seed); self.t = 0
        return np.zeros(2, np.float32), {}
    def step(self, a):
        self.t += 1
        return np.zeros(2, np.float32), 0.0, False, self.t >= 2, {}
gym.register("TEnv-v0", entry_point=TEnv)
"""

AGENT = """
import numpy as np
from gym_loop.agents import BaseAgent
class A(BaseAgent):
    @staticmethod
    def get_default_parameters(): return {"m": 0.5}
    def act(self, s, e):
        if not hasattr(self.action_space, "spaces"): return np.array([1.0, 0.0])
        if isinstance(self.action_space.spaces, dict): return {"m": np.array([self.m]), "k": 1}
        return (np.array([self.m]), 1)
    def memorize(self, *a): pass
    def update(self, e): pass
"""


def train(tmp_path, kind, m=0.5):
    (tmp_path / "tenv.py").write_text(ENV)
    (tmp_path / "ta.py").write_text(AGENT)
    spec = make_spec("TEnv-v0", max_episodes=1)
    spec["agent"] = {"class": "ta.py:A", "parameters": {"m": m}}
    spec["env"].update(imports=["tenv"], parameters={"kind": kind})
    write_spec(tmp_path / "t.yaml", spec)
    return run_cli("-q", "train", "-c", "t.yaml", "--run-dir", "r", cwd=tmp_path)


@pytest.mark.parametrize("kind", ["tuple", "dict"])
def test_train_takes_float64_parts(tmp_path, kind):
    result = train(tmp_path, kind)
    assert result.returncode == 0, result.stderr


def test_train_names_the_refused_part(tmp_path):
    """docs/errors.rst's row."""
    result = train(tmp_path, "tuple", m=2.0)
    assert result.returncode == 1
    assert result.stderr.strip() == (
        "Error: agent.act returned (array([2.]), 1), not an action of Tuple(Box(-1.0, 1.0, (1,), float32), "
        "Discrete(2)) (its part 0, array([2.]), is not an action of Box(-1.0, 1.0, (1,), float32): it is outside the "
        "space's bounds: use np.clip(action[0], self.action_space[0].low, self.action_space[0].high)), at episode 0, "
        "step 1")


def test_train_says_why_a_float_array_is_no_multidiscrete_action(tmp_path):
    """docs/errors.rst's row."""
    result = train(tmp_path, "md")
    assert result.returncode == 1
    assert result.stderr.strip() == (
        "Error: agent.act returned array([1., 0.]), not an action of MultiDiscrete([3 3]) (its dtype float64 cannot be "
        "cast safely to the space's int64: return np.rint(action).astype(np.int64)), at episode 0, step 1")
