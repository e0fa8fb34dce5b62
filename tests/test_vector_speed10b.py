"""speed10b: RandomAgent counts VectorLoop's transitions when its global_step is read; episodes.csv keeps the
text of returns it wrote before. Both are speed changes: these tests pin the behaviour they must keep."""

import csv

import gymnasium
import numpy as np

from gym_loop.agents.random_agent import RandomAgent
from gym_loop.loops.base_loop import Episode
from gym_loop.sinks import episodes_csv
from gym_loop.sinks.episodes_csv import EpisodesCsv


def test_random_agent_counts_valid_transitions_when_read(tmp_path):
    agent = RandomAgent(action_space=gymnasium.spaces.Discrete(2))
    valid = np.array([True, False, True, True])
    agent.memorize_batch(None, None, None, None, None, None, None, valid, 10)
    agent.memorize_batch(None, None, None, None, None, None, None, np.ones(4, dtype=bool), 13)
    assert agent.global_step == 17 and agent.metrics(0) == {"global_step": 17}
    agent.memorize_batch(None, None, None, None, None, None, None, valid, 17)
    agent.save(str(tmp_path / "agent"))
    other = RandomAgent(action_space=gymnasium.spaces.Discrete(2))
    other.load(str(tmp_path / "agent"))
    assert other.global_step == agent.global_step == 20
    agent.global_step = 5  # set: what was memorized before is replaced
    assert agent.global_step == 5
    agent.memorize(None, None, 1.0, False, None)
    assert agent.global_step == 6


def _rows(path):
    with open(path, newline="") as file:
        return [row["return"] for row in csv.DictReader(file)]


def test_episodes_csv_writes_each_return_as_its_float_repr(tmp_path, monkeypatch):
    monkeypatch.setattr(episodes_csv, "KEPT_TEXTS", 3)  # the kept texts start over within the test
    sink = EpisodesCsv(tmp_path / "episodes.csv", 0, lambda: 1.0)
    returns = [1.5, 1.5, np.float64(1.5), 2, True, -0.0, 0.0, -0.0, 0.1 + 0.2, 1e300, 7.25, 8.5, 1.5, 2.0]
    group = [Episode(value, 3, 10 * (number + 1)) for number, value in enumerate(returns)]
    sink.episodes(0, group[:7], {})
    sink.episodes(7, group[7:], {})
    sink.close()
    assert _rows(tmp_path / "episodes.csv") == [repr(float(value)) for value in returns]
