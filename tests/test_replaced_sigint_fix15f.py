"""tester15f-8: a Ctrl-C after the agent's code put back Python's SIGINT handler is told as an interruption (the
run resumable from its checkpoint), not as a KeyboardInterrupt the agent raised."""

import json
import signal
import subprocess
import time

from tests.conftest import GYM_LOOP, make_spec, write_spec

SIG = """
import signal, time
from pathlib import Path
from gym_loop.agents import BaseAgent
class Sig(BaseAgent):
    def act(self, state, episode_num):
        if not hasattr(self, "ready") and episode_num >= 2:
            self.ready = True
            signal.signal(signal.SIGINT, signal.default_int_handler)
            Path("replaced").touch()
        time.sleep(0.005)
        return int(self.rng.integers(2))
"""


def test_ctrl_c_after_the_handler_was_replaced(tmp_path):
    (tmp_path / "sig.py").write_text(SIG)
    write_spec(tmp_path / "run.yaml", make_spec(agent=f"{tmp_path / 'sig.py'}:Sig", max_episodes=100000,
                                                episodes_per_checkpoint=1))
    with open(tmp_path / "out", "w") as out:
        process = subprocess.Popen([GYM_LOOP, "train", "-c", "run.yaml", "--run-dir", "r"], cwd=tmp_path,
                                   stdout=out, stderr=subprocess.STDOUT)
        try:
            for _ in range(600):  # until the agent replaced the handler (a guard, not a timed assertion)
                if (tmp_path / "replaced").exists() or process.poll() is not None:
                    break
                time.sleep(0.05)
            process.send_signal(signal.SIGINT)
            code = process.wait(timeout=60)
        finally:
            process.kill()
    said = (tmp_path / "out").read_text()
    assert code == 130, said
    assert "not by Ctrl-C" not in said, said
    assert ("Error: stopped at once (the agent's or the env's code had replaced gym-loop's SIGINT handler, so Ctrl-C "
            "could not wait for the episode's end); resume with: ") in said, said
    run = json.loads((tmp_path / "r" / "run.json").read_text())
    assert run["status"] == "interrupted", run
