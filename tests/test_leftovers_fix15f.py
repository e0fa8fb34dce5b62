"""tester15f-5: an agent leaving a non-daemon thread (or process) running must not hold gym-loop train for ever."""

import json
import os
import signal
import subprocess

from tests.conftest import GYM_LOOP, make_spec, write_spec

THREAD = """
import multiprocessing, threading, time
from gym_loop.agents import BaseAgent
class Thr(BaseAgent):
    @staticmethod
    def get_default_parameters():
        return {"kind": "thread"}
    def act(self, state, episode_num):
        if not hasattr(self, "t"):
            self.t = 1
            if self.kind == "thread":
                threading.Thread(target=time.sleep, args=(3600,), name="uploader").start()
            else:
                multiprocessing.get_context("fork").Process(target=time.sleep, args=(3600,), name="server").start()
        return int(self.rng.integers(2))
"""


def _train(tmp_path, kind):
    (tmp_path / "thr.py").write_text(THREAD)
    write_spec(tmp_path / "run.yaml", make_spec(agent=f"{tmp_path / 'thr.py'}:Thr", max_episodes=2))
    with open(tmp_path / "out", "w") as out:  # a file: a process left running keeps a pipe open
        done = subprocess.run([GYM_LOOP, "train", "-c", "run.yaml", "--run-dir", "r", "--set",
                               f"agent.parameters.kind={kind}"], cwd=tmp_path, stdout=out, stderr=subprocess.STDOUT,
                              timeout=120)  # a guard only: before the fix the process never ended
    done.stderr = (tmp_path / "out").read_text()
    return done


def test_a_thread_left_running_is_named_and_the_process_ends(tmp_path):
    done = _train(tmp_path, "thread")
    assert done.returncode == 0, done.stderr
    assert ("WARNING: the run is recorded, but the agent's or the env's code left thread 'uploader' running (not a "
            "daemon); gym-loop exits without waiting for it: make it a daemon (daemon=True) or join it when "
            "done") in done.stderr
    assert "Traceback" not in done.stderr
    assert json.loads((tmp_path / "r" / "run.json").read_text())["status"] == "finished"


def test_a_process_left_running_is_named_and_the_process_ends(tmp_path):
    done = _train(tmp_path, "process")
    assert done.returncode == 0, done.stderr
    assert "left process 'server' (pid " in done.stderr, done.stderr
    pid = int(done.stderr.split("(pid ")[1].split(")")[0])
    os.kill(pid, signal.SIGKILL)  # the test's own leftover
