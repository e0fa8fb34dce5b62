"""fix8c: SIGHUP (a closed terminal, a dropped ssh session) stops a run as SIGTERM does: it saves (tester8c wish)."""

import json
import os
import signal
import subprocess

from conftest import GYM_LOOP, make_spec, write_spec

LAKE = "gym_loop.agents.q_learning:QLearningAgent"


def test_sighup_stops_a_run_after_its_episode_with_a_checkpoint(tmp_path):
    spec = make_spec("FrozenLake-v1", LAKE, max_episodes=10 ** 7, episodes_per_checkpoint=100, logdir=None)
    write_spec(tmp_path / "run.yaml", {**spec, "seed": 1})
    process = subprocess.Popen([GYM_LOOP, "train", "-c", "run.yaml", "--run-dir", "run"], cwd=tmp_path,
                               stderr=subprocess.PIPE, text=True, env={**os.environ, "OMP_NUM_THREADS": "1"})
    try:
        for line in process.stderr:
            if "INFO: checkpoint:" in line:  # training: the signal rule is on
                break
        process.send_signal(signal.SIGHUP)
        rest = process.stderr.read()
        assert process.wait(timeout=120) == 143, rest
    finally:
        if process.poll() is None:
            process.kill()
    record = json.loads((tmp_path / "run" / "run.json").read_text())
    assert record["status"] == "interrupted" and record["reason"].startswith("terminated after "), record
    assert (tmp_path / "run" / "checkpoints" / "latest").exists()
    assert rest.splitlines()[-1].startswith("Error: terminated after ")
