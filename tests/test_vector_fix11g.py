"""fix11g: VectorLoop's failures: a dead async worker's message says how the run goes on, with the run's own folder
and in the caller's words (tester11g-8); an old-gym 4-value step or a wrong observation shape is named at a later
step too (tester11g-9)."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import GYM_LOOP, make_spec, write_spec

ROOT = Path(__file__).parent.parent

DYING_ENV = '''
import os, signal, multiprocessing, gymnasium as gym, numpy as np
class Dying(gym.Env):
    observation_space = gym.spaces.Box(-1, 1, (1,), np.float32)
    action_space = gym.spaces.Discrete(2)
    def __init__(self, at=1, where="reset"):
        self.at, self.where, self.n, self.t = at, where, 0, 0
    def _maybe(self, where):
        if where != self.where or multiprocessing.parent_process() is None:
            return
        self.n += 1
        if self.n == self.at: os.kill(os.getpid(), signal.SIGKILL)
    def reset(self, seed=None, options=None):
        super().reset(seed=seed); self.t = 0; self._maybe("reset")
        return np.zeros(1, np.float32), {}
    def step(self, a):
        self.t += 1; self._maybe("step")
        return np.zeros(1, np.float32), 1.0, self.t >= 10, False, {}
gym.register("Fix11gDying-v0", entry_point=Dying)
'''
PYTHON_RUN = '''
from gym_loop.gym_loop import train_agent
from gym_loop.errors import GymLoopError
from conftest_spec import spec
try:
    train_agent(spec, run_dir="r")
except GymLoopError as error:
    print("ERROR", error)
'''


def dying_spec(at: int, where: str) -> dict:
    spec = make_spec("Fix11gDying-v0", max_episodes=40, episodes_per_checkpoint=4, num_envs=2,
                     vectorization_mode="async")
    spec["loop"]["class"] = "gym_loop.loops.vector_loop:VectorLoop"
    spec["env"].update(imports=["fix11g_dying"], parameters={"at": at, "where": where})
    return spec


def env_of(tmp_path: Path) -> dict:
    return {**os.environ, "OMP_NUM_THREADS": "1", "PYTHONPATH": os.pathsep.join((str(tmp_path), str(ROOT)))}


def test_a_worker_dead_before_the_first_checkpoint_says_start_again_with_the_runs_spec(tmp_path):
    (tmp_path / "fix11g_dying.py").write_text(DYING_ENV)
    write_spec(tmp_path / "spec.yaml", dying_spec(1, "reset"))
    done = subprocess.run([GYM_LOOP, "-q", "train", "-c", "spec.yaml", "--run-dir", "r1"], cwd=tmp_path,
                          capture_output=True, text=True, timeout=60, env=env_of(tmp_path))
    assert done.returncode == 1, done.stderr
    assert done.stderr.rstrip().endswith(
        "find why (vectorization_mode sync plays the env in gym-loop's process, where a Python error shows), then "
        "start again with: gym-loop train -c r1/spec.yaml (it saved no checkpoint to resume from) (--debug shows the "
        "traceback)"), done.stderr


def test_a_worker_dead_after_a_checkpoint_says_resume_in_pythons_words(tmp_path):
    (tmp_path / "fix11g_dying.py").write_text(DYING_ENV)
    (tmp_path / "conftest_spec.py").write_text(f"spec = {dying_spec(60, 'step')!r}\n")
    done = subprocess.run([sys.executable, "-c", PYTHON_RUN], cwd=tmp_path, capture_output=True, text=True,
                          timeout=60, env=env_of(tmp_path))
    assert done.returncode == 0, done.stderr
    error = next(line for line in done.stdout.splitlines() if line.startswith("ERROR "))
    assert "env.step failed after 10 episodes, at env step 118: the async vector env's worker process" in error
    assert error.endswith("where a Python error shows), then resume with: train_agent(None, resume='r')"), error
    import json

    assert json.loads((tmp_path / "r" / "run.json").read_text())["reason"].endswith(
        "where a Python error shows)")


OLD_ENV = '''
import gymnasium as gym, numpy as np
class Old(gym.Env):
    observation_space = gym.spaces.Box(-1, 1, (2,), np.float32)
    action_space = gym.spaces.Discrete(2)
    def __init__(self, kind="four", after=0):
        self.kind, self.after, self.t = kind, after, 0
    def reset(self, seed=None, options=None):
        super().reset(seed=seed); self.t = 0
        return np.zeros(2, np.float32), {}
    def step(self, a):
        self.t += 1
        o = np.zeros(2, np.float32)
        if self.t <= self.after: return o, 1.0, self.t >= 10, False, {}
        if self.kind == "four": return o, 1.0, self.t >= 10, {}
        if self.kind == "shape": return np.zeros(3, np.float32), 1.0, self.t >= 10, False, {}
        if self.kind == "own": a, b, c = (1, 2)  # the env's own bug, not its results
gym.register("Fix11gOld-v0", entry_point=Old)
'''
LATER_STEPS = '''
import json, sys
from gym_loop.gym_loop import train_agent
from gym_loop.errors import GymLoopError
for kind, mode in [("four", "sync"), ("four", "async"), ("shape", "sync"), ("shape", "async"), ("own", "async")]:
    spec = {"agent": {"class": "gym_loop.agents.random_agent:RandomAgent"},
            "env": {"name": "Fix11gOld-v0", "imports": ["fix11g_old"], "parameters": {"kind": kind, "after": 7}},
            "loop": {"class": "gym_loop.loops.vector_loop:VectorLoop",
                     "parameters": {"max_episodes": 4, "num_envs": 2, "vectorization_mode": mode, "logdir": None}}}
    try:
        train_agent(spec, run_dir=f"r-{kind}-{mode}")
    except GymLoopError as error:
        print("ERROR", json.dumps(str(error).split(";")[0]))
'''


def test_an_old_gym_step_or_a_wrong_observation_shape_is_named_at_a_later_step(tmp_path):
    (tmp_path / "fix11g_old.py").write_text(OLD_ENV)
    done = subprocess.run([sys.executable, "-c", LATER_STEPS], cwd=tmp_path, capture_output=True, text=True,
                          timeout=120, env=env_of(tmp_path))
    assert done.returncode == 0, done.stderr
    import json

    errors = [json.loads(line[6:]) for line in done.stdout.splitlines() if line.startswith("ERROR ")]
    assert errors == ["env.step returned 4 values after 0 episodes, at env step 14"] * 2 + [
        "env.step returned an observation of shape (3,) after 0 episodes, at env step 14, and "
        "env.observation_space is Box(-1.0, 1.0, (2,), float32)"] * 2 + [
        "env.step failed after 0 episodes, at env step 14: ValueError: not enough values to unpack (expected 3, "
        "got 2)"]
