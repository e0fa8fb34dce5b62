"""A message's "episode N" is episodes.csv's row N (0-based); a count says "after N episodes" (tester13e-6)."""

import csv
import signal

import pytest

from conftest import make_spec
from gym_loop.errors import GymLoopError
from gym_loop.gym_loop import train_agent
from gym_loop.loops.summary import Summary
from gym_loop.schedule.on_signal import OnSignal


class FailAfter3:
    def after_episode(self, progress):
        if progress.episodes == 3:
            raise ValueError("rule bug")


def _last_row(path):
    with open(path) as file:
        return list(csv.DictReader(file))[-1]


def test_a_rule_failing_names_the_episodes_done_as_a_count(tmp_path):
    with pytest.raises(GymLoopError, match=r"^FailAfter3.after_episode\(\) failed after 3 episodes: ValueError: "):
        train_agent(make_spec(max_episodes=6, max_episode_len=5), run_dir=tmp_path / "r", extra_rules=[FailAfter3()])
    assert _last_row(tmp_path / "r" / "episodes.csv")["episode"] == "2"


def test_a_signal_stop_says_the_episodes_done_as_a_count():
    rule, done = OnSignal(), Summary(10)
    done.episodes = 21
    rule.received = signal.SIGTERM
    assert rule.after_episode(done).reason == "terminated after 21 episodes"
    rule.received = signal.SIGINT
    assert rule.during_evaluation(done).reason == "interrupted during the evaluation after 21 episodes"
