"""fix8a: Run(loop, sinks=[...]).train() keeps the guards of loop.train(): it never overwrites an earlier run's
files, and a second Run of one loop continues its run (tester8a-9)."""

import csv

import gymnasium
import pytest

from gym_loop.agents.random_agent import RandomAgent
from gym_loop.errors import GymLoopError
from gym_loop.loops.default_loop import DefaultLoop
from gym_loop.run import Run
from gym_loop.sinks import Sink


class Seen(Sink):
    def __init__(self):
        self.first = []

    def episodes(self, first, group, metrics):
        self.first.append(first)


def _loop(folder, episodes):
    env = gymnasium.make("CartPole-v1")
    agent = RandomAgent(observation_space=env.observation_space, action_space=env.action_space)
    return DefaultLoop(agent, env, max_episodes=episodes, seed=1, episodes_csv=f"{folder}/e.csv",
                       checkpoint_dir=f"{folder}/ck", logdir=None, evals_csv=f"{folder}/ev.csv")


def _rows(folder):
    with open(folder / "e.csv") as file:
        return [(int(row["episode"]), int(row["global_step"])) for row in csv.DictReader(file)]


def test_a_run_of_a_loop_refuses_an_earlier_runs_files(tmp_path):
    _loop(tmp_path, 5).train()
    before = (tmp_path / "e.csv").read_text()
    with pytest.raises(GymLoopError, match="would overwrite an earlier run's"):
        Run(_loop(tmp_path, 3), sinks=[Seen()]).train()
    assert (tmp_path / "e.csv").read_text() == before
    assert sorted(p.name for p in (tmp_path / "ck").iterdir() if p.name.startswith("agent-"))[0].startswith(
        "agent-000005")


def test_a_second_run_of_one_loop_continues_it(tmp_path):
    loop, seen = _loop(tmp_path, 3), Seen()
    Run(loop, sinks=[seen]).train()
    loop.parameters["max_episodes"] = 5
    assert Run(loop, sinks=[seen]).train().episodes == 5
    rows = _rows(tmp_path)
    assert [episode for episode, _ in rows] == [0, 1, 2, 3, 4]
    assert [step for _, step in rows] == sorted(step for _, step in rows)
    assert seen.first == [0, 1, 2, 3, 4]
    with pytest.raises(GymLoopError, match="already played 5 of max_episodes 5"):
        Run(loop).train()
