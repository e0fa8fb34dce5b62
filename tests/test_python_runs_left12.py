"""note14's leftovers for Python callers: a deleted checkpoint folder's way on (tester11g-11)."""

import os
import shutil

import gymnasium as gym
import pytest

from gym_loop.agents.random_agent import RandomAgent
from gym_loop.loops.default_loop import DefaultLoop
from gym_loop.run_checkpoints import FolderGone


class Deleting(RandomAgent):
    deleted = False

    def update(self, episode_num):
        if episode_num == 4 and os.path.isdir("ck") and not self.deleted:
            self.deleted = True
            os.rename("ck", "gone")  # at once: rm -r's files one by one race the checkpoint writer
            shutil.rmtree("gone")


def test_a_deleted_checkpoint_folder_says_the_way_on_from_python(tmp_path, monkeypatch):
    """tester11g-11: loop.train() ended with the bare 'was moved or deleted while training' (train_agent and the CLI
    said how to go on)."""
    monkeypatch.chdir(tmp_path)
    env = gym.make("CartPole-v1")
    loop = DefaultLoop(Deleting(action_space=env.action_space), env, seed=1, max_episodes=8,
                       episodes_per_checkpoint=2, logdir="tb", episodes_csv="e.csv", evals_csv="ev.csv",
                       checkpoint_dir="ck")
    with pytest.raises(FolderGone) as raised:
        loop.train()
    assert str(raised.value) == (
        "the checkpoint folder ck was moved or deleted while training, and this run stopped; to go on, call train() "
        "again: the run starts over from episode 0 (its files rewritten from there), with the agent as it is now")
    assert loop.train().episodes == 8  # as said
