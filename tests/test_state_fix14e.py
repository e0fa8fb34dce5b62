"""fix14e: agent.load() given a checkpoint's folder or its ``latest`` pointer (tester14e-10), what a notebook tries
first: one line naming the file to give, not a raw IsADirectoryError or "not a gym-loop state file"."""

import re
from pathlib import Path

import gymnasium as gym
import pytest

from gym_loop.agents import BaseAgent
from gym_loop.loops.default_loop import DefaultLoop
from gym_loop.state import CheckpointError

ERRORS_PAGE = (Path(__file__).parent.parent / "docs" / "errors.rst").read_text()


class NB(BaseAgent):
    def __init__(self, **params):
        super().__init__(**params)
        self.w = 0

    def act(self, state, episode_num):
        return 0

    def update(self, episode_num):
        self.w += 1


def test_a_checkpoint_folder_or_pointer_names_its_agent_file(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    env = gym.make("CartPole-v1")
    made = lambda: NB(observation_space=env.observation_space, action_space=env.action_space)  # noqa: E731
    DefaultLoop(made(), env, max_episodes=4, seed=1, episodes_per_checkpoint=2, logdir=None).train()
    folder = next(path.name for path in (tmp_path / "checkpoints").iterdir() if path.name.startswith("agent-000004"))
    for given, message in (
            (f"checkpoints/{folder}", f"checkpoints/{folder} is a checkpoint folder, not a state file; load its "
                                      f"agent file: checkpoints/{folder}/agent.ckpt"),
            ("checkpoints/latest", f"checkpoints/latest is the run's pointer to its checkpoint {folder}, not a state "
                                   f"file; load its agent file: checkpoints/{folder}/agent.ckpt")):
        with pytest.raises(CheckpointError, match=f"^{re.escape(message)}$"):
            made().load(given)
    with pytest.raises(CheckpointError, match="^checkpoints is a folder, not a state file; give the file a "
                                              r"save\(path\) wrote$"):
        made().load("checkpoints")
    agent = made()
    agent.load(f"checkpoints/{folder}/agent.ckpt")
    assert agent.w > 0
    for documented in ("is a checkpoint folder, not a state file; load its agent file: ",
                       "is the run's pointer to its checkpoint ", "is a folder, not a state file; give the file a "):
        assert documented in ERRORS_PAGE
