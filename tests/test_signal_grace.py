"""One SIGTERM (all a scheduler sends) stops a run whose episode never ends within a bounded time (tester3a new #2)."""

import json
import os
import signal
import subprocess
import time

import yaml

from conftest import GYM_LOOP, make_spec

ENDLESS = """
import gymnasium
import numpy as np
from gymnasium import spaces


class Endless(gymnasium.Env):
    \"\"\"An env whose episodes never end.\"\"\"

    observation_space = spaces.Box(-1, 1, (1,), np.float32)
    action_space = spaces.Discrete(2)

    def reset(self, seed=None, options=None):
        super().reset(seed=seed)
        return np.zeros(1, np.float32), {}

    def step(self, action):
        return np.zeros(1, np.float32), 1.0, False, False, {}


gymnasium.register("Endless-v0", entry_point=Endless)
"""


def test_one_sigterm_stops_an_endless_episode_after_the_grace(tmp_path):
    (tmp_path / "endless.py").write_text(ENDLESS)
    spec = make_spec(max_episodes=5, max_episode_len=None)
    spec["env"] = {"name": "Endless-v0", "imports": ["endless"]}
    (tmp_path / "run.yaml").write_text(yaml.safe_dump(spec))
    environment = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, (str(tmp_path),
                                                                            os.environ.get("PYTHONPATH"))))}
    process = subprocess.Popen([GYM_LOOP, "train", "-c", "run.yaml", "--run-dir", "run"], cwd=tmp_path,
                               stderr=subprocess.PIPE, text=True, env=environment)
    deadline = time.monotonic() + 60
    while not (tmp_path / "run" / "logs").exists() and time.monotonic() < deadline:  # training has started
        time.sleep(0.1)
    time.sleep(1)
    sent = time.monotonic()
    process.send_signal(signal.SIGTERM)
    _, stderr = process.communicate(timeout=60)
    assert process.returncode == 143, stderr
    assert 4 < time.monotonic() - sent < 30
    assert stderr.splitlines()[-1] == ("Error: stopped at once, before the first checkpoint; start again with: "
                                       "gym-loop train -c run/spec.yaml")
    record = json.loads((tmp_path / "run" / "run.json").read_text())
    assert (record["status"], record["reason"]) == ("interrupted",
                                                    "stopped at once 5 s after SIGTERM, the episode still playing")


SLOW_SAVE = """
import time

from gym_loop.agents import BaseAgent


class SlowSave(BaseAgent):
    \"\"\"An agent whose save takes longer than SIGTERM's grace (a big replay buffer).\"\"\"

    def act(self, state, episode_num):
        return self.action_space.sample()

    def save(self, path):
        time.sleep(7)
        super().save(path)
"""


def test_one_sigterm_during_a_scheduled_save_keeps_the_checkpoint_and_stops_after_it(tmp_path):
    (tmp_path / "slow_save.py").write_text(SLOW_SAVE)
    spec = make_spec(max_episodes=4, episodes_per_checkpoint=1)
    spec["agent"] = {"class": "slow_save.py:SlowSave"}
    (tmp_path / "run.yaml").write_text(yaml.safe_dump(spec))
    process = subprocess.Popen([GYM_LOOP, "train", "-c", "run.yaml", "--run-dir", "run"], cwd=tmp_path,
                               stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 60
    while not list((tmp_path / "run" / "checkpoints").glob(".saving-*")) and time.monotonic() < deadline:
        time.sleep(0.1)
    time.sleep(1)  # the save runs on past the 5-s grace
    process.send_signal(signal.SIGTERM)
    _, stderr = process.communicate(timeout=60)
    assert process.returncode == 143, stderr
    assert stderr.splitlines()[-1] == ("Error: terminated after 1 episodes of 4; resume with: gym-loop train --resume "
                                       "run")
    record = json.loads((tmp_path / "run" / "run.json").read_text())
    assert (record["status"], record["reason"]) == ("interrupted", "terminated after 1 episodes")
    checkpoints = tmp_path / "run" / "checkpoints"
    assert (checkpoints / "latest").read_text().strip() == "agent-000001"
    assert (checkpoints / "agent-000001" / "state.json").is_file()
    assert not list(checkpoints.glob(".saving-*"))
