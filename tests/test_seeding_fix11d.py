"""fix11d: the run's seed seeds the global generators an agent may draw from (tester11d-4, -5): NumPy's and Python's
``random`` (and PyTorch's, where installed) give other draws under another seed and the same under the same seed."""

import sys

import pytest

from conftest import make_spec
from gym_loop.gym_loop import train_agent

DRAWS = '''
import random, sys
import numpy as np
from gym_loop.agents import BaseAgent
class GlobalDraws(BaseAgent):
    """Draws from the global generators in its constructor (as torch's init does) and in act (random.random())."""
    def __init__(self, **params):
        super().__init__(**params)
        torch = sys.modules.get("torch")
        draws = [np.random.random(), random.random()] + ([float(torch.rand(1))] if torch is not None else [])
        open("draws.txt", "a").write(" ".join(map(repr, draws)) + "\\n")
    def act(self, state, episode_num):
        return int(random.random() < 0.5)
'''


def _draws(tmp_path, monkeypatch, seeds):
    """Train GlobalDraws once per seed (4 CartPole episodes each); each run's constructor draws and episodes.csv."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "draws.py").write_text(DRAWS)
    spec = make_spec(agent=f"{tmp_path / 'draws.py'}:GlobalDraws", max_episodes=4, logdir=None,
                     episodes_per_checkpoint=None)
    episodes = []
    for number, seed in enumerate(seeds):
        train_agent({**spec, "seed": seed}, run_dir=tmp_path / f"run{number}")
        episodes.append([row.split(",")[:4] for row in (tmp_path / f"run{number}" / "episodes.csv").read_text()
                         .splitlines()])
    return [line.split() for line in (tmp_path / "draws.txt").read_text().splitlines()], episodes


def test_two_seeds_give_an_agent_other_draws_of_numpys_and_pythons_global_generators(tmp_path, monkeypatch):
    # tester11d-4: np.random.seed(0) in place of the run's seed passed every test: a sweep's seeds drew alike
    (first, second), _ = _draws(tmp_path, monkeypatch, [1, 2])
    assert first[0] != second[0], "NumPy's global generator is not seeded from the run's seed"
    assert first[1] != second[1], "Python's random is not seeded from the run's seed"
    assert len(first) == 2 or first[2] != second[2], "PyTorch is not seeded from the run's seed"


def test_the_same_seed_gives_the_same_draws_and_episodes_for_an_agent_using_python_random(tmp_path, monkeypatch):
    # tester11d-5: a run that never seeded Python's random passed every test; two runs with one seed then differed
    draws, (first, second) = _draws(tmp_path, monkeypatch, [4, 4])
    assert draws[0] == draws[1]
    assert first == second and len(first) == 5  # header and 4 episodes


def test_pytorchs_generator_differs_between_seeds_too(tmp_path, monkeypatch):
    torch = pytest.importorskip("torch")
    assert sys.modules["torch"] is torch
    (first, second), _ = _draws(tmp_path, monkeypatch, [1, 2])
    assert len(first) == 3 and first[2] != second[2]
