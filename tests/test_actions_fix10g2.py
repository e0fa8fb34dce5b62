"""tester10g-11: the first-action check refuses an integer action outside an integer Box's bounds that a cast
would wrap into them (int64 300 -> int8 44), in DefaultLoop and VectorLoop; a float overflowing to inf too."""

import numpy as np
import pytest
from gymnasium.spaces import Box

from conftest import make_spec, run_cli, write_spec
from gym_loop.loops.answers import acceptable

ENV = """
import numpy as np, gymnasium as gym
class IEnv(gym.Env):
    def __init__(self):
        self.observation_space = gym.spaces.Box(-1, 1, (2,), np.float32)
        self.action_space = gym.spaces.Box(0, 100, (1,), np.int8)
    def reset(self, seed=None, options=None):
        super().reset(seed=seed); self.t = 0
        return np.zeros(2, np.float32), {}
    def step(self, action):
        self.t += 1; print("ENV GOT", repr(action), flush=True)
        return np.zeros(2, np.float32), 0.0, False, self.t >= 2, {}
gym.register("IEnv-v0", entry_point=IEnv)
"""

AGENT = """
import numpy as np
from gym_loop.agents import BaseAgent
class A(BaseAgent):
    def act(self, s, e): return np.array([300])
    def memorize(self, *a): pass
    def update(self, e): pass
"""


@pytest.mark.parametrize("action", [[300], [-200], [128]])
def test_a_wrapping_cast_is_not_in_the_space(action):
    assert not acceptable(Box(0, 100, (1,), np.int8), np.array(action))
    assert acceptable(Box(0, 100, (1,), np.int8), np.array([50]))


def test_a_float_overflowing_to_inf_is_not_in_an_unbounded_box():
    space = Box(-np.inf, np.inf, (1,), np.float32)
    assert not acceptable(space, np.array([1e39]))
    assert acceptable(space, np.array([1.5])) and acceptable(space, np.array([np.inf]))


@pytest.mark.parametrize("vector", [False, True])
def test_train_refuses_the_out_of_bounds_integer_action(tmp_path, vector):
    (tmp_path / "ienv.py").write_text(ENV)
    (tmp_path / "ia.py").write_text(AGENT)
    spec = make_spec("IEnv-v0", "gym_loop.agents.random_agent:RandomAgent", max_episodes=1)
    spec["agent"] = {"class": "ia.py:A", "parameters": {}}
    spec["env"]["imports"] = ["ienv"]
    if vector:
        spec["loop"] = {"class": "gym_loop.loops.vector_loop:VectorLoop",
                        "parameters": {**spec["loop"]["parameters"], "num_envs": 2}}
    write_spec(tmp_path / "i.yaml", spec)
    result = run_cli("train", "-c", "i.yaml", "--run-dir", "r", cwd=tmp_path)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "ENV GOT" not in result.stdout
    assert "agent.act returned array([300])" in result.stderr
    assert "not an action of Box(0, 100, (1,), int8) (it is outside the space's bounds" in result.stderr


NAMED = """
import numpy as np
from gym_loop.agents import BaseAgent
class A(BaseAgent):
    @staticmethod
    def get_default_parameters(): return {"kind": "over"}
    def act(self, s, e): return np.array([2.1]) if self.kind == "over" else np.array([np.nan])
    def memorize(self, *a): pass
    def update(self, e): pass
"""


@pytest.mark.parametrize("kind, fix", [
    ("over", "(it is outside the space's bounds: return np.clip(action, self.action_space.low, "
             "self.action_space.high))"),
    ("nan", "(it holds NaN: find where act's values turn NaN, e.g. a network diverging (lower its learning rate) or "
            "a division by zero, and fix it there)")])
def test_the_box_fix_names_what_the_agent_has(tmp_path, kind, fix):
    """tester10g-8: the bounds fix names the agent's self.action_space (not a `space` it has no name for); the NaN
    one says how to fix it."""
    (tmp_path / "aa.py").write_text(NAMED)
    spec = make_spec("Pendulum-v1", "gym_loop.agents.random_agent:RandomAgent", max_episodes=1)
    spec["agent"] = {"class": "aa.py:A", "parameters": {"kind": kind}}
    write_spec(tmp_path / "a.yaml", spec)
    result = run_cli("train", "-c", "a.yaml", "--run-dir", "r", cwd=tmp_path)
    assert result.returncode == 1
    shown = "array([2.1])" if kind == "over" else "array([nan])"
    assert result.stderr.splitlines()[-1] == (
        f"Error: agent.act returned {shown}, not an action of Box(-2.0, 2.0, (1,), float32) {fix}, at episode 0, "
        "step 1")
