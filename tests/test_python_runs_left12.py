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


def test_summary_run_dir_stays_right_after_a_chdir(tmp_path, monkeypatch):
    """fix11a2's leftover: summary.run_dir was the run folder as given (runs/run-<time>), wrong once the working
    directory changed (a notebook's %cd): train_agent(spec, resume=summary.run_dir) was refused as no run folder."""
    from gym_loop.gym_loop import train_agent

    (tmp_path / "other").mkdir()
    monkeypatch.chdir(tmp_path)
    spec = {"agent": {"class": "gym_loop.agents.random_agent:RandomAgent"}, "env": {"name": "CartPole-v1"},
            "loop": {"parameters": {"max_episodes": 2, "logdir": None}}}
    summary = train_agent(spec, name="cd")
    assert summary.run_dir.is_absolute() and summary.run_dir.parent == tmp_path / "runs"
    os.chdir("other")
    spec["loop"]["parameters"]["max_episodes"] = 3
    assert train_agent(spec, resume=summary.run_dir).run_dir == summary.run_dir
