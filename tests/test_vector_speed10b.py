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


def test_sync_vector_loop_reads_raw_returns_without_get_attr(tmp_path, monkeypatch):
    """review9-3: under NormalizeReward a sync vector env's RawReturn sums are read from its copies' wrappers, not
    with get_attr over every copy on each vector step where an episode ended (async keeps get_attr)."""
    from gymnasium.vector import SyncVectorEnv
    from gymnasium.wrappers import NormalizeReward

    from gym_loop.loops.vector_loop import VectorLoop

    asked = []
    get_attr = SyncVectorEnv.get_attr
    monkeypatch.setattr(SyncVectorEnv, "get_attr", lambda self, name: asked.append(name) or get_attr(self, name))
    env = NormalizeReward(gymnasium.make("CartPole-v1"))
    VectorLoop(RandomAgent(action_space=env.action_space), env, seed=0, num_envs=3, vectorization_mode="sync",
               max_episodes=8, max_episode_len=9, logdir=None, episodes_csv=str(tmp_path / "episodes.csv"),
               evals_csv=None, checkpoint_dir=str(tmp_path / "c")).train()
    with open(tmp_path / "episodes.csv", newline="") as file:
        episodes = list(csv.DictReader(file))
    assert len(episodes) >= 8 and all(float(row["return"]) == int(row["length"]) for row in episodes), episodes
    assert "raw_return" not in asked
