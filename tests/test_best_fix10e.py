"""The ``best`` checkpoint is the best evaluation so far, not one better than the last, and a resume remembers it
(tester10e-6, tester10e-7): evaluation means 5, 1, 3, whose best is the first."""

import pytest

from conftest import pointed
from gym_loop.loops import DefaultLoop
from gym_loop.run_checkpoints import find_checkpoint, read_state
from test_run_fix8e import Agent, ScriptedEnv

MEANS = [5.0, 1.0, 3.0]  # the third is better than the second, worse than the first


@pytest.fixture(autouse=True)
def in_tmp_path(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)


def lake(max_episodes):
    """Evaluations after episodes 2, 4 and 6, one episode each, of returns MEANS; a checkpoint at each; only the
    latest kept besides best."""
    return DefaultLoop(Agent(), ScriptedEnv(), eval_env=ScriptedEnv(MEANS), max_episodes=max_episodes,
                       episodes_per_eval=2, eval_episodes=1, episodes_per_checkpoint=2, keep_checkpoints=1)


def best_of(checkpoints):
    """The checkpoint ``best`` names (its first 12 characters: agent-000002) and the best mean the latest holds."""
    return pointed(checkpoints, "best").name[:12], read_state(find_checkpoint(checkpoints, "latest"))["run"][
        "best_eval_return"]


def test_best_is_the_best_evaluation_so_far_not_one_better_than_the_last(tmp_path):
    lake(6).train()
    assert best_of(tmp_path / "checkpoints") == ("agent-000002", 5.0)
    kept = sorted(path.name[:12] for path in (tmp_path / "checkpoints").glob("agent-*"))
    assert kept == ["agent-000002", "agent-000006"]  # keep_checkpoints spares the real best


def test_a_resumed_run_keeps_the_best_of_its_evaluations_before_the_interruption(tmp_path):
    loop = lake(2)
    loop.train()  # one evaluation (5), then stopped at max_episodes
    assert best_of(tmp_path / "checkpoints") == ("agent-000002", 5.0)
    loop.max_episodes = loop.parameters["max_episodes"] = 6
    loop.train()  # continued from its state: evaluations 1 and 3 are worse than 5
    assert best_of(tmp_path / "checkpoints") == ("agent-000002", 5.0)
    assert (tmp_path / "checkpoints" / (tmp_path / "checkpoints" / "best").read_text().strip()).is_dir()
