"""The rows a checkpoint holds are in episodes.csv and evals.csv (flushed to the OS) when it is written, not up to
half a second later by the timer (tester10e-4). The timer is set to an hour here, so only flush() can write them."""

import pytest

from gym_loop.loops import DefaultLoop
from gym_loop.loops.base_loop import Episode
from gym_loop.sinks import Evaluation
from gym_loop.sinks import flush_soon
from gym_loop.sinks.episodes_csv import EpisodesCsv
from gym_loop.sinks.evals_csv import EvalsCsv
from test_run_fix8e import Agent, ScriptedEnv


@pytest.fixture(autouse=True)
def no_timer_flush(monkeypatch, tmp_path):
    monkeypatch.setattr(flush_soon, "FLUSH_SECONDS", 3600.0)
    monkeypatch.chdir(tmp_path)


def lines(path):
    with open(path, "rb") as file:  # another handle: what the OS has, not the sink's buffer
        return file.read().count(b"\n")


def test_flush_puts_the_rows_written_so_far_in_the_csv_files(tmp_path):
    episodes, evals = EpisodesCsv(tmp_path / "episodes.csv", 0, lambda: 0.0), EvalsCsv(tmp_path / "evals.csv", 0)
    try:
        episodes.episodes(0, [Episode(1.0, 1, 1), Episode(2.0, 1, 2)], {})
        evals.evaluation(Evaluation(2, 2, *[1.0] * (len(Evaluation._fields) - 2)))
        assert (lines(tmp_path / "episodes.csv"), lines(tmp_path / "evals.csv")) == (1, 1)  # header only: buffered
        episodes.flush()
        evals.flush()
        assert (lines(tmp_path / "episodes.csv"), lines(tmp_path / "evals.csv")) == (3, 2)
    finally:
        episodes.close()
        evals.close()


class CountingAgent(Agent):
    """Records, as each checkpoint saves it, the lines episodes.csv holds on disk."""

    seen = []

    def save(self, path):
        self.seen.append(lines("episodes.csv"))
        super().save(path)


def test_each_checkpoint_finds_its_episodes_in_episodes_csv(tmp_path):
    agent = CountingAgent()
    agent.seen = []
    DefaultLoop(agent, ScriptedEnv(), max_episodes=6, episodes_per_checkpoint=2, keep_checkpoints=None).train()
    assert agent.seen == [3, 5, 7]  # the header and the 2, 4, 6 episodes each checkpoint holds
