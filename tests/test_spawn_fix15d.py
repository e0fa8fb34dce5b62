"""Processes that multiprocessing starts with spawn or forkserver (macOS's default, Python 3.14's on Linux, or
vector_kwargs: {context: spawn}): an async vector env's worker keeps out of a run's signals by its own handler
(tester15d-2), and a fresh process finds an agent file's module by name, for the env it registers (tester15d-1)
or its own functions given to a multiprocessing.Pool (tester15d-4)."""

import functools
import multiprocessing
import os
import signal
import subprocess
import sys
import textwrap

import pytest

from gym_loop.schedule import on_signal
from gym_loop.schedule.on_signal import OnSignal

METHODS = [method for method in ("spawn", "forkserver") if method in multiprocessing.get_all_start_methods()]

AGENT = '''
import gymnasium
from gym_loop.agents import BaseAgent

def square(x):
    return x * x

class MyEnv(gymnasium.Env):
    def __init__(self, render_mode=None):
        self.observation_space = gymnasium.spaces.Box(-1, 1, (2,))
        self.action_space = gymnasium.spaces.Discrete(2)
        self.t = 0
    def reset(self, seed=None, options=None):
        super().reset(seed=seed)
        self.t = 0
        return self.observation_space.sample(), {}
    def step(self, a):
        self.t += 1
        return self.observation_space.sample(), float(a), self.t >= 5, False, {}

gymnasium.register("MyEnvFix15d-v0", entry_point=MyEnv)

class MyAgent(BaseAgent):
    def act(self, state, episode_num):
        return 0
'''


def _env():
    return {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [os.getcwd(), os.environ.get("PYTHONPATH")]))}


@pytest.mark.parametrize("method", METHODS)
def test_an_env_the_agent_file_registers_plays_in_async_workers_of_any_start_method(tmp_path, method):
    (tmp_path / "myagent.py").write_text(AGENT)
    (tmp_path / "vec.yaml").write_text(textwrap.dedent(f"""\
        agent:
          class: myagent.py:MyAgent
        env:
          name: MyEnvFix15d-v0
        loop:
          class: gym_loop.loops.vector_loop:VectorLoop
          parameters:
            num_envs: 2
            vectorization_mode: async
            max_episodes: 2
            vector_kwargs: {{context: {method}}}
        seed: 1
        """))
    done = subprocess.run([sys.executable, "-m", "gym_loop", "train", "-c", "vec.yaml"], cwd=tmp_path, env=_env(),
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr and "Exception ignored" not in done.stderr, done.stderr


POOL = '''
import multiprocessing, sys
import gym_loop  # as the gym-loop script, which a spawned process runs first, imports it

if __name__ == "__main__":
    from gym_loop.resolve import module_str_to_class
    square = vars(sys.modules[module_str_to_class("myagent.py:MyAgent").__module__])["square"]
    with multiprocessing.get_context(sys.argv[1]).Pool(1) as pool:
        print(pool.map(square, [3], chunksize=1))
'''


@pytest.mark.parametrize("method", METHODS)
def test_a_pool_of_a_fresh_process_finds_the_agent_files_functions(tmp_path, method):
    (tmp_path / "myagent.py").write_text(AGENT)
    (tmp_path / "main.py").write_text(POOL)
    done = subprocess.run([sys.executable, "main.py", method], cwd=tmp_path, env=_env(), capture_output=True,
                          text=True, timeout=60)
    assert (done.returncode, done.stdout) == (0, "[9]\n"), done.stderr


def _sleeper(ready):
    ready.set()
    while True:
        signal.pause()


@pytest.mark.parametrize("method", METHODS)
def test_a_run_worker_of_any_start_method_ignores_signals_while_the_run_goes_on(method):
    """A terminal's Ctrl-C and a scheduler's SIGTERM reach the workers too: the run stops them; after it,
    multiprocessing's SIGTERM at exit ends a worker left behind."""
    context = multiprocessing.get_context(method)
    ready = context.Event()
    with OnSignal() as stopping:
        worker = context.Process(target=functools.partial(on_signal.run_worker, worker=_sleeper,
                                                          live=on_signal.live_flag()), args=(ready,), daemon=True)
        worker.start()
        try:
            assert ready.wait(60)
            for number in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
                os.kill(worker.pid, number)
            worker.join(0.5)
            assert worker.is_alive() and stopping.received is None
        except BaseException:
            worker.kill()
            raise
    worker.terminate()
    worker.join(30)
    if worker.is_alive():
        worker.kill()
    assert worker.exitcode == -signal.SIGTERM
