"""An async VectorLoop whose env worker process dies (a segfault, the OOM killer): one line naming the death, the
run ends (tester11b-1); and OnSignal's handler in a forked worker once the run is over."""

import functools
import multiprocessing
import os
import signal
import subprocess
import sys
import time

import pytest

from conftest import GYM_LOOP, make_spec, write_spec
from gym_loop.schedule import on_signal
from gym_loop.schedule.on_signal import OnSignal

CRASHING_ENV = '''
import os, signal
import numpy as np, gymnasium
from gymnasium import spaces

MAIN = os.getpid()  # gym-loop's process, which imports this module; its async vector env's workers are forked

class Crash(gymnasium.Env):
    """Its copy in a worker process kills itself, as a segfault or the OOM killer would, at its 30th step."""
    def __init__(self, who="one"):
        self.observation_space = spaces.Box(-1.0, 1.0, (2,), np.float32)
        self.action_space = spaces.Discrete(2)
        self.who, self.t, self.steps = who, 0, 0
    def reset(self, *, seed=None, options=None):
        super().reset(seed=seed)
        self.t = 0
        return np.zeros(2, np.float32), {}
    def step(self, action):
        self.t, self.steps = self.t + 1, self.steps + 1
        if self.steps == 30 and os.getpid() != MAIN:  # in a worker
            try:
                if self.who == "one":
                    os.close(os.open("crashed", os.O_CREAT | os.O_EXCL))
                os.kill(os.getpid(), signal.SIGKILL)
            except FileExistsError:
                pass
        return np.zeros(2, np.float32), 1.0, self.t >= 10, False, {}

gymnasium.register("Crash-v0", entry_point="crashing_env:Crash")
'''


@pytest.mark.parametrize("who", ["one", "all"])
def test_a_dead_worker_ends_the_run_with_one_line_naming_it(tmp_path, who):
    (tmp_path / "crashing_env.py").write_text(CRASHING_ENV)
    spec = make_spec("Crash-v0", max_episodes=100, num_envs=3, vectorization_mode="async")
    spec["loop"]["class"] = "gym_loop.loops.vector_loop:VectorLoop"
    spec["env"].update(imports=["crashing_env"], parameters={"who": who})
    write_spec(tmp_path / "run.yaml", spec)
    process = subprocess.Popen([GYM_LOOP, "-q", "train", "-c", "run.yaml"], cwd=tmp_path, stderr=subprocess.PIPE,
                               text=True, start_new_session=True,
                               env={**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, (
                                   str(tmp_path), os.environ.get("PYTHONPATH"))))})
    try:
        _, stderr = process.communicate(timeout=60)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.communicate()
        pytest.fail("gym-loop hung after its worker died")
    assert process.returncode == 1, stderr
    assert stderr.splitlines() == [stderr.splitlines()[-1]], stderr  # no close() warning, no traceback
    assert "env.step failed after 6 episodes, at env step 87: the async vector env's worker process of sub-env" \
           in stderr and "died, killed by SIGKILL (out of memory? see dmesg)" in stderr, stderr


def _sleeper(ready):
    ready.set()
    while True:
        time.sleep(0.05)


@pytest.mark.skipif(sys.platform == "win32" or "fork" not in multiprocessing.get_all_start_methods(),
                    reason="a forked process")
def test_a_forked_worker_leaves_signals_to_the_run_then_dies_of_them():
    """A terminal's Ctrl-C reaches the workers too: the run stops them; after it, multiprocessing's SIGTERM at exit
    (which ends the workers left behind) ends them, not the inherited handler that ignores it."""
    context = multiprocessing.get_context("fork")
    ready = context.Event()
    with OnSignal() as stopping:
        worker = context.Process(target=functools.partial(on_signal.run_worker, worker=_sleeper,
                                                          live=on_signal.live_flag()), args=(ready,), daemon=True)
        worker.start()
        assert ready.wait(10)
        os.kill(worker.pid, signal.SIGINT)
        worker.join(0.5)
        assert worker.is_alive() and stopping.received is None
    worker.terminate()  # SIGTERM, as multiprocessing's at exit
    worker.join(10)
    if worker.is_alive():
        worker.kill()
    assert worker.exitcode == -signal.SIGTERM


@pytest.mark.skipif(sys.platform == "win32" or "fork" not in multiprocessing.get_all_start_methods(),
                    reason="a forked process")
def test_another_process_forked_during_the_run_dies_of_sigterm_at_once():
    """An agent's multiprocessing.Pool: Pool.terminate() SIGTERMs its workers and joins them (tester11g-12: they
    ignored it while the run went on, and the run hung)."""
    context = multiprocessing.get_context("fork")
    ready = context.Event()
    with OnSignal() as stopping:
        worker = context.Process(target=_sleeper, args=(ready,), daemon=True)
        worker.start()
        assert ready.wait(10)
        worker.terminate()
        worker.join(10)
        if worker.is_alive():
            worker.kill()
        assert worker.exitcode == -signal.SIGTERM and stopping.received is None
