"""left15b: once a command was ending with exit 143 (its run stopped, its checkpoint written), every further SIGTERM
was ignored, so a slow end (a thread joined, an exit hook) could be cut only by SIGKILL. A SIGTERM after the same
stop's second (errors.same_stop) now ends the process at once, with 143; one within it is still ignored."""

import json
import signal
import subprocess
import time

from tests.conftest import GYM_LOOP, make_spec, write_spec

AGENT = """
import atexit, time
from pathlib import Path
from gym_loop.agents.random_agent import RandomAgent

@atexit.register
def slow_end():  # as a library's exit hook that hangs
    Path("ending").touch()
    time.sleep(120)

class A(RandomAgent):
    pass
"""


def _wait_for(condition, seconds=60.0):
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.05)


def test_a_sigterm_after_the_stop_ends_a_slow_end_at_once(tmp_path):
    (tmp_path / "slow.py").write_text(AGENT)
    spec = make_spec(max_episodes=100000, episodes_per_checkpoint=None, logdir=None)
    spec["agent"] = {"class": "slow.py:A", "parameters": {}}
    write_spec(tmp_path / "run.yaml", spec)
    process = subprocess.Popen([GYM_LOOP, "-q", "train", "-c", "run.yaml", "--run-dir", "r"], cwd=tmp_path,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        _wait_for(lambda: (tmp_path / "r" / "episodes.csv").is_file()
                  and len((tmp_path / "r" / "episodes.csv").read_text().splitlines()) > 3)
        process.send_signal(signal.SIGTERM)
        _wait_for(lambda: (tmp_path / "ending").exists())  # the run stopped; the command is in its exit hooks
        time.sleep(1.1)  # past errors.SAME_STOP_SECONDS: not a repeat of the same stop
        process.send_signal(signal.SIGTERM)
        _, stderr = process.communicate(timeout=60)  # the hook sleeps 120 s
    finally:
        process.kill()
    assert process.returncode == 143, stderr
    assert "WARNING: SIGTERM again while ending: ended at once (exit 143)" in stderr
    assert json.loads((tmp_path / "r" / "run.json").read_text())["status"] == "interrupted"
    assert (tmp_path / "r" / "checkpoints" / "latest").is_file()
