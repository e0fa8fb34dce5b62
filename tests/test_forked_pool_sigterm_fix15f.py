"""tester15f-14: a process the agent forked in __init__ (a multiprocessing Pool) inherits the command's SIGTERM
handler: a group SIGTERM must end it as it would without gym-loop, not print gym-loop's Terminated traceback."""

import os
import signal
import subprocess
import time

from tests.conftest import GYM_LOOP, make_spec, write_spec

POOL = """
import multiprocessing, time
from pathlib import Path
from gym_loop.agents import BaseAgent
def sq(x):
    time.sleep(0.002)
    return x * x
class PoolAgent(BaseAgent):
    def __init__(self, **params):
        super().__init__(**params)
        self.pool = multiprocessing.get_context("fork").Pool(2)
    def _excluded_save_params(self):
        return [*super()._excluded_save_params(), "pool"]
    def act(self, s, e):
        self.pool.apply(sq, (3,))
        Path("started").touch()
        return int(self.rng.integers(2))
"""


def test_group_sigterm_ends_the_pool_workers_quietly(tmp_path):
    (tmp_path / "pool.py").write_text(POOL)
    write_spec(tmp_path / "run.yaml", make_spec(agent=f"{tmp_path / 'pool.py'}:PoolAgent", max_episodes=100000))
    with open(tmp_path / "out", "w") as out:
        process = subprocess.Popen([GYM_LOOP, "train", "-c", "run.yaml", "--run-dir", "r"], cwd=tmp_path, stdout=out,
                                   stderr=subprocess.STDOUT, start_new_session=True)
        try:
            for _ in range(600):  # until the agent works (a guard, not a timed assertion)
                if (tmp_path / "started").exists() or process.poll() is not None:
                    break
                time.sleep(0.05)
            os.killpg(process.pid, signal.SIGTERM)
            for _ in range(300):  # until the run said how it stopped (a Pool task lost with its worker may hang it:
                # the agent's lot; the workers' tracebacks, the defect, come at once)
                if "Error:" in (tmp_path / "out").read_text() or process.poll() is not None:
                    break
                time.sleep(0.05)
            time.sleep(0.5)  # the workers' last words, if any
        finally:
            with __import__("contextlib").suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGKILL)
    said = (tmp_path / "out").read_text()
    assert "gym_loop.errors.Terminated" not in said and "Traceback" not in said, said
