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
