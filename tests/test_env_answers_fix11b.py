"""An env's slips named as one line in both loops (tester11b-2..5): an old gym four-value step, an observation of
another shape than its space's and a complex reward under VectorLoop, a render() failing under record, a misspelt
parameter of an env registered through a function that makes another."""

import pytest

from conftest import make_spec, run_cli, write_spec

SLIPS = '''
import numpy as np, gymnasium
from gymnasium import spaces
from gymnasium.wrappers import ClipReward

class Slip(gymnasium.Env):
    metadata = {"render_modes": ["rgb_array"], "render_fps": 30}
    def __init__(self, render_mode=None, slip="none"):
        self.render_mode, self.slip, self.t = render_mode, slip, 0
        self.observation_space = spaces.Box(-1.0, 1.0, (2,), np.float32)
        self.action_space = spaces.Discrete(2)
    def obs(self):
        return np.zeros(3 if self.slip == "shape" else 2, np.float32)
    def reset(self, *, seed=None, options=None):
        super().reset(seed=seed)
        self.t = 0
        return self.obs(), {}
    def step(self, action):
        self.t += 1
        reward = 1 + 0j if self.slip == "complex" else 1.0
        if self.slip == "old_step":  # gym before 0.26
            return self.obs(), reward, self.t >= 10, {}
        return self.obs(), reward, self.t >= 10, False, {}
    def render(self):
        if self.slip == "render":
            raise RuntimeError("render boom")
        return np.zeros((16, 16, 3), np.uint8)

def clipped_lake(**kwargs):  # docs/spec.rst, Wrappers
    return ClipReward(gymnasium.make("FrozenLake-v1", **kwargs), 0.0, 0.5)

gymnasium.register("Slip-v0", entry_point="slips:Slip")
gymnasium.register("ClippedLake-v1", entry_point=clipped_lake)
'''
VECTOR = ["--set", "loop.class=gym_loop.loops.vector_loop:VectorLoop", "--set", "loop.parameters.num_envs=2"]
OLD_STEP = ("Gymnasium's step returns obs, reward, terminated, truncated, info (an env written for the old gym API? "
            "return obs, reward, terminated, False, info)")
SHAPE = ("env.reset returned an observation of shape (3,) after 0 episodes, at env step 0, and env.observation_space "
         "is Box(-1.0, 1.0, (2,), float32); return one of shape (2,) (the vector env stacks the sub-envs' observations)")


@pytest.fixture
def slips(tmp_path):
    (tmp_path / "slips.py").write_text(SLIPS)
    spec = make_spec("Slip-v0")
    spec["env"]["imports"] = ["slips"]
    write_spec(tmp_path / "run.yaml", spec)
    return tmp_path


def last_line(result):
    return result.stderr.strip().splitlines()[-1]


@pytest.mark.parametrize("loop, message", [
    ([], f"Error: env.step returned 4 values at episode 0, step 1; {OLD_STEP} (--debug shows the traceback)"),
    (VECTOR, f"Error: env.step returned 4 values after 0 episodes, at env step 0; {OLD_STEP} "
             "(--debug shows the traceback)"),
    (VECTOR + ["--set", "loop.parameters.vectorization_mode=async"],
     f"Error: env.step returned 4 values after 0 episodes, at env step 0; {OLD_STEP} (--debug shows the traceback)"),
], ids=["default", "sync", "async"])
def test_an_old_gym_four_value_step_is_named(slips, loop, message):
    result = run_cli("-q", "train", "-c", "run.yaml", "--set", "env.parameters.slip=old_step", *loop, cwd=slips)
    assert result.returncode == 1 and last_line(result) == message, result.stderr


@pytest.mark.parametrize("mode", ["sync", "async"])
def test_an_observation_of_another_shape_is_named_under_vector_loop(slips, mode):
    result = run_cli("-q", "train", "-c", "run.yaml", "--set", "env.parameters.slip=shape", *VECTOR,
                     "--set", f"loop.parameters.vectorization_mode={mode}", cwd=slips)
    assert result.returncode == 1 and last_line(result) == f"Error: {SHAPE}", result.stderr


def test_a_complex_reward_under_vector_loop_as_under_default_loop(slips):
    result = run_cli("-q", "train", "-c", "run.yaml", "--set", "env.parameters.slip=complex", *VECTOR, cwd=slips)
    assert result.returncode == 1 and last_line(result).startswith(
        "Error: env.step returned reward (1+0j) after 0 episodes, at env step 0; a reward must be a number"), \
        result.stderr


def test_render_failing_under_record_is_named_as_render(slips):
    result = run_cli("-q", "train", "-c", "run.yaml", "--set", "env.parameters.slip=render",
                     "--set", "loop.parameters.record=true", cwd=slips)
    assert result.returncode == 1 and last_line(result) == (
        "Error: env.render failed (called by Gymnasium's RecordVideo, record: true) at episode 0, step 0: "
        "RuntimeError: render boom; fix the env's render(), or set record: false (--debug shows the traceback)"), \
        result.stderr
    assert run_cli("-q", "train", "-c", "run.yaml", "--run-dir", "good", "--set", "loop.parameters.max_episodes=1",
                   cwd=slips).returncode == 0
    result = run_cli("-q", "eval", "--run", "good", "--set", "env.parameters.slip=render",
                     "--set", "loop.parameters.eval_record=true", cwd=slips)
    assert result.returncode == 1 and "Error: env.render failed (called by Gymnasium's RecordVideo, eval_record: " \
                                      "true) at episode 0, step 0: RuntimeError: render boom; fix the env's " \
                                      "render(), or set eval_record: false" in result.stderr, result.stderr


def test_a_misspelt_parameter_of_a_wrapped_env_gets_did_you_mean(slips):
    result = run_cli("-q", "train", "-c", "run.yaml", "--set", "env.name=ClippedLake-v1",
                     "--set", "env.parameters={is_slipery: false}", cwd=slips)
    assert result.returncode == 2 and result.stderr.strip() == (
        "Error: env.parameters.is_slipery: ClippedLake-v1 (through FrozenLake-v1) takes no such argument; did you "
        "mean 'is_slippery'? (it takes desc, map_name, is_slippery, success_rate, reward_schedule)"), result.stderr
