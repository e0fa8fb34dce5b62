"""gym-loop train's signals after the defects new users met (tester6b): an inherited SIG_IGN for SIGINT is kept."""

import json
import os
import signal
import subprocess
import time

from conftest import GYM_LOOP, make_spec, write_spec


def test_a_train_started_with_sigint_ignored_keeps_ignoring_it(tmp_path):
    """``gym-loop train ... &`` in a shell script starts it with SIGINT ignored: a Ctrl-C at the terminal stopped it
    once training ran (not during start-up). As Python does, it now stays ignored; SIGTERM still stops the run."""
    write_spec(tmp_path / "lake.yaml", make_spec("FrozenLake-v1", "gym_loop.agents.q_learning:QLearningAgent",
                                                 max_episodes=1_000_000, episodes_per_eval=None))
    run = tmp_path / "run"
    process = subprocess.Popen([GYM_LOOP, "train", "-c", "lake.yaml", "--run-dir", str(run)], cwd=tmp_path,
                               stderr=subprocess.PIPE, text=True,
                               preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_IGN))
    try:
        deadline = time.time() + 120
        while not (run / "episodes.csv").exists() and time.time() < deadline:
            time.sleep(0.05)
        process.send_signal(signal.SIGINT)
        time.sleep(1.0)
        assert process.poll() is None  # still training
        process.send_signal(signal.SIGTERM)
        _, stderr = process.communicate(timeout=120)
    finally:
        if process.poll() is None:
            os.kill(process.pid, signal.SIGKILL)
    assert process.returncode == 143, stderr
    assert "interrupted" not in stderr
    assert json.loads((run / "run.json").read_text())["reason"].startswith("terminated after ")
