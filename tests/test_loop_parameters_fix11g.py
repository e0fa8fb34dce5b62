"""fix11g: a pathlib.Path (or a NumPy number) put in loop.parameters before train() is taken as the constructor
takes it, not refused by the re-check of the parameters (tester11g-15)."""

from pathlib import Path

import gymnasium as gym
import numpy as np

from gym_loop.agents.random_agent import RandomAgent
from gym_loop.loops.default_loop import DefaultLoop


def test_paths_put_in_loop_parameters_before_train_are_taken(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    env = gym.make("CartPole-v1")
    loop = DefaultLoop(RandomAgent(action_space=env.action_space), env, seed=1, max_episodes=2)
    for key in ("logdir", "episodes_csv", "checkpoint_dir", "evals_csv"):
        loop.parameters[key] = Path("np2") / key
    assert loop.train().status == "finished"
    assert loop.parameters["checkpoint_dir"] == "np2/checkpoint_dir"
    assert (tmp_path / "np2" / "checkpoint_dir" / "latest").exists()
    loop.parameters["max_episodes"] = np.int64(3)
    loop.parameters["checkpoint_dir"] = Path("np2") / "checkpoint_dir"
    assert loop.train().status == "finished"
