"""Mutation-testing kills (tester12f): the schedule rules and the tune's pruning rule at their boundaries."""

import math
from collections import deque
from types import SimpleNamespace

import pytest

from gym_loop.schedule.checkpoint_every import CheckpointEvery
from gym_loop.schedule.max_episodes import MaxEpisodes
from gym_loop.schedule.max_steps import MaxSteps
from gym_loop.schedule.solved import WINDOW, Solved
from gym_loop.tuning.prune import PruningRule


def _progress(episodes=0, global_step=0, returns=()):
    returns = deque(returns, maxlen=WINDOW)
    mean = sum(returns) / len(returns) if returns else math.nan
    return SimpleNamespace(episodes=episodes, global_step=global_step, returns=returns, mean_return=mean)


def test_max_steps_stops_at_exactly_the_budget():
    rule = MaxSteps(100)
    assert rule.after_episode(_progress(global_step=99)) is None
    assert rule.after_episode(_progress(global_step=100)).status == "finished"
    assert rule.quiet_until(_progress()) == (math.inf, 100)


def test_max_episodes_stops_at_exactly_the_budget():
    rule = MaxEpisodes(5)
    assert rule.after_episode(_progress(episodes=4)) is None
    assert rule.after_episode(_progress(episodes=5)).status == "finished"
    assert MaxEpisodes(None).after_episode(_progress(episodes=10 ** 6)) is None


@pytest.mark.parametrize("episodes, next_due", [(0, 3), (1, 3), (3, 6), (5, 6), (6, 9)])
def test_checkpoint_every_is_quiet_until_the_next_multiple(episodes, next_due):
    rule = CheckpointEvery(3)
    assert rule.quiet_until(_progress(episodes=episodes)) == (next_due, math.inf)
    assert rule.after_episode(_progress(episodes=next_due)) == rule.DECISION
    assert all(rule.after_episode(_progress(episodes=e)) is None for e in range(episodes + 1, next_due))


def test_solved_by_training_needs_a_full_window_and_reaching_the_target_counts():
    rule = Solved(10.0, by_evaluation=False)
    assert rule.after_episode(_progress(episodes=WINDOW - 1, returns=[10.0] * (WINDOW - 1))) is None
    assert rule.after_episode(_progress(episodes=WINDOW, returns=[10.0] * WINDOW)).status == "finished"
    assert rule.after_episode(_progress(episodes=WINDOW, returns=[9.99] * WINDOW)) is None


def test_solved_by_evaluation_judges_evaluations_only_and_never_nan():
    rule = Solved(10.0, by_evaluation=True)
    assert rule.after_episode(_progress(episodes=WINDOW, returns=[50.0] * WINDOW)) is None
    assert rule.after_evaluation(5, 50, 10.0).status == "finished"
    assert rule.after_evaluation(5, 50, 9.5) is None
    assert rule.after_evaluation(5, 50, math.nan) is None
    assert Solved(-math.inf, by_evaluation=True).after_evaluation(5, 50, math.nan) is None


class _Trial:
    def __init__(self, prune):
        self.reports, self.prune, self.study = [], prune, SimpleNamespace(pruner=None)

    def report(self, value, step):
        self.reports.append((value, step))

    def should_prune(self):
        return self.prune


def test_pruning_rule_reports_at_offset_steps_and_prunes():
    trial = _Trial(prune=True)
    stop = PruningRule(trial, step_offset=200).after_evaluation(10, 500, 3.5)
    assert trial.reports == [(3.5, 210)]
    assert stop.status == "pruned"


def test_pruning_rule_never_prunes_the_last_seeds_final_evaluation():
    final = {"episodes": 20, "steps": None}
    rule = PruningRule(_Trial(prune=True), step_offset=0, final=final)
    assert rule.after_evaluation(19, 100, 1.0).status == "pruned"
    assert rule.after_evaluation(20, 100, 1.0) is None
    steps = PruningRule(_Trial(prune=True), final={"episodes": None, "steps": 1000})
    assert steps.after_evaluation(7, 1000, 1.0) is None
    assert steps.after_evaluation(7, 999, 1.0).status == "pruned"


def test_pruning_rule_evaluates_at_the_end_only_off_the_period():
    from gym_loop.schedule import EVALUATE

    rule = PruningRule(_Trial(prune=False), end={"episodes": 7, "steps": None, "every": 5})
    assert rule.after_episode(_progress(episodes=6)) is None
    assert rule.after_episode(_progress(episodes=7)) == EVALUATE
    on_period = PruningRule(_Trial(prune=False), end={"episodes": 10, "steps": None, "every": 5})
    assert on_period.after_episode(_progress(episodes=10)) is None
    assert PruningRule(_Trial(prune=False)).after_episode(_progress(episodes=7)) is None
