"""tester15f-9: SIGTERM while agent.save runs says it waits for the save, not 'or wait 5 s' (the save's time does
not count toward the grace)."""

import signal
import subprocess
import time

from tests.conftest import GYM_LOOP, make_spec, write_spec

SLOW = """
import time
from pathlib import Path
from gym_loop.agents import BaseAgent
class Slow(BaseAgent):
    def act(self, state, episode_num):
        return 1
    def save(self, path):
        Path("saving").touch()
        time.sleep(3)
        super().save(path)
"""


def test_sigterm_during_a_save(tmp_path):
    (tmp_path / "slow.py").write_text(SLOW)
    write_spec(tmp_path / "run.yaml", make_spec(agent=f"{tmp_path / 'slow.py'}:Slow", max_episodes=1000,
                                                episodes_per_checkpoint=1))
    with open(tmp_path / "out", "w") as out:
        process = subprocess.Popen([GYM_LOOP, "train", "-c", "run.yaml", "--run-dir", "r"], cwd=tmp_path, stdout=out,
                                   stderr=subprocess.STDOUT)
        try:
            for _ in range(600):  # until the save runs (a guard, not a timed assertion)
                if (tmp_path / "saving").exists() or process.poll() is not None:
                    break
                time.sleep(0.05)
            process.send_signal(signal.SIGTERM)
            code = process.wait(timeout=60)
        finally:
            process.kill()
    said = (tmp_path / "out").read_text()
    assert code == 143, said
    assert "WARNING: terminated: waiting for agent.save (running for " in said, said
    assert ("s) to finish the checkpoint; send it again to stop at once (the checkpoint is then lost)") in said, said
    assert "or wait 5 s" not in said, said
