"""fix11d: a periodic evaluation draws from streams of its own, never the draws training makes next (mutation survivor
R21), and a run resumed from a checkpoint a stop took during one puts training's generators back as they were before
it, so it trains on as a run never stopped (R20)."""

import pytest

from conftest import make_spec
from gym_loop.errors import RunStopped
from gym_loop.gym_loop import train_agent
from gym_loop.schedule import Stop


class CutFirstEvaluation:
    """Stops the run after the first episode of its first periodic evaluation."""

    def __init__(self):
        self.asked = 0

    def during_evaluation(self, progress):
        self.asked += 1
        return Stop("interrupted", "cut") if self.asked == 1 else None


DRAWS = '''
from gym_loop.agents import BaseAgent
class Draws(BaseAgent):
    """Acts from self.rng, writing each draw down (training's and the evaluations' alike)."""
    def act(self, state, episode_num):
        draw = self.rng.random()
        open("draws.txt", "a").write(f"{draw!r}\\n")
        return int(draw < 0.5)
'''


def test_a_periodic_evaluation_does_not_replay_the_agents_draws_training_makes_next(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "draws.py").write_text(DRAWS)
    spec = make_spec(agent=f"{tmp_path / 'draws.py'}:Draws", max_episodes=4, episodes_per_eval=2, logdir=None)
    train_agent({**spec, "seed": 3}, run_dir=tmp_path / "run")
    draws = (tmp_path / "draws.txt").read_text().split()
    assert len(draws) > 40 and len(set(draws)) == len(draws)


def _rows(path, columns):
    return [row.split(",")[:columns] for row in path.read_text().splitlines()]


def test_a_resume_from_an_evaluation_cut_short_trains_on_as_the_uninterrupted_run(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    spec = {**make_spec(max_episodes=5, episodes_per_eval=2, eval_episodes=3, logdir=None), "seed": 3}
    train_agent(spec, run_dir=tmp_path / "whole")
    with pytest.raises(RunStopped):
        train_agent(spec, run_dir=tmp_path / "part", extra_rules=[CutFirstEvaluation()])
    assert len(_rows(tmp_path / "part" / "episodes.csv", 4)) == 3  # the header and episodes 0, 1
    train_agent(spec, resume=tmp_path / "part")
    for name, columns in (("episodes.csv", 4), ("evals.csv", 4)):
        assert _rows(tmp_path / "part" / name, columns) == _rows(tmp_path / "whole" / name, columns), name
