"""Ctrl-C in ``DefaultLoop(agent, env, **params).train()`` from Python (a notebook's "interrupt kernel", a
driver script) saves a checkpoint after the episode in progress, as ``gym-loop train`` does, then raises."""

import signal
import subprocess
import sys
import time

import pytest

SCRIPT = """
import gymnasium as gym
from gym_loop.agents.random_agent import RandomAgent
from gym_loop.loops import DefaultLoop

env = gym.make("CartPole-v1")
agent = RandomAgent(observation_space=env.observation_space, action_space=env.action_space)
DefaultLoop(agent, env, max_episodes=10**6, episodes_per_checkpoint=None).train()
"""


@pytest.mark.slow
def test_ctrl_c_in_python_train_saves_a_checkpoint_then_raises(tmp_path):
    (tmp_path / "long.py").write_text(SCRIPT)
    process = subprocess.Popen([sys.executable, "long.py"], cwd=tmp_path, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 60
    while not (tmp_path / "episodes.csv").exists() and time.monotonic() < deadline:
        time.sleep(0.02)
    process.send_signal(signal.SIGINT)
    _, stderr = process.communicate(timeout=60)
    last = stderr.splitlines()[-1]
    assert last.startswith("gym_loop.errors.RunStopped: interrupted after "), stderr
    assert last.endswith("of 1000000; the checkpoint is in ./checkpoints; to go on, call train() again on this loop")
    episodes = int(last.split("interrupted after ")[1].split()[0])
    assert (tmp_path / "checkpoints" / "latest").read_text().strip() == f"agent-{episodes:06d}"
    assert len((tmp_path / "episodes.csv").read_text().splitlines()) == episodes + 1  # the header
