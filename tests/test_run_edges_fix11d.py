"""fix11d: edges of the run no test reached (tester11d's unrun mutants): the never-solved warning at 99 episodes
(R30), ``gym-loop eval --seed`` over the run's seed (CL2), the default keep_checkpoints 3 (B1), a resumed run's
run.json while it trains (RF3)."""

import json
import logging

import pytest

from conftest import make_spec, run_cli
from gym_loop.gym_loop import train_agent


@pytest.mark.parametrize("max_episodes, warned", [(99, True), (100, False)])
def test_the_reward_threshold_warning_is_given_below_a_window_of_100_episodes_only(tmp_path, monkeypatch, caplog,
                                                                                    max_episodes, warned):
    # R30: '< WINDOW - 1' in place of '< WINDOW' passed every test (they tried 5 and 100)
    monkeypatch.chdir(tmp_path)
    spec = make_spec(max_episodes=max_episodes, reward_threshold=1000, max_episode_len=2, logdir=None,
                     episodes_per_checkpoint=None)
    with caplog.at_level(logging.WARNING):
        train_agent({**spec, "seed": 1}, run_dir=tmp_path / "run")
    assert (f"but max_episodes is {max_episodes}, so the run never stops early" in caplog.text) == warned


def test_eval_of_a_run_with_seed_evaluates_with_that_seed_not_the_runs(tmp_path, monkeypatch):
    # CL2: gym-loop eval dropping --seed passed every test; it evaluated with the run's seed instead
    monkeypatch.chdir(tmp_path)
    train_agent({**make_spec(max_episodes=1, logdir=None), "seed": 3}, run_dir=tmp_path / "run")
    result = run_cli("eval", "--run", "run", "--seed", "9", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "evaluating with seed 9 (--seed 9 repeats it)" in result.stderr, result.stderr


def test_a_run_keeps_the_3_latest_checkpoints_by_default(tmp_path, monkeypatch):
    # B1: the default keep_checkpoints 4 for the documented 3 (docs/runs.rst, README.rst) passed every test
    monkeypatch.chdir(tmp_path)
    spec = make_spec(max_episodes=6, episodes_per_checkpoint=1, logdir=None)
    spec["loop"]["parameters"].pop("keep_checkpoints", None)  # the loop's default, as a spec without the key has it
    train_agent({**spec, "seed": 1}, run_dir=tmp_path / "run")
    assert sorted(path.name for path in (tmp_path / "run" / "checkpoints").glob("agent-*")) == [
        "agent-000004", "agent-000005", "agent-000006"]


def test_a_resumed_run_is_recorded_as_running_not_ended_while_it_trains(tmp_path, monkeypatch):
    # RF3: a resume that kept run.json's old "ended" passed every test: the running run read as having ended
    monkeypatch.chdir(tmp_path)
    spec = {**make_spec(max_episodes=2, logdir=None), "seed": 1}
    train_agent(spec, run_dir=tmp_path / "run")
    record = lambda: json.loads((tmp_path / "run" / "run.json").read_text())  # noqa: E731
    assert record()["ended"] is not None
    seen = []
    spec["loop"]["parameters"]["max_episodes"] = 4
    train_agent(spec, resume=tmp_path / "run", progress=lambda summary: seen.append(
        (record()["status"], record()["ended"])))
    assert seen and set(seen) == {("running", None)}
    assert (record()["status"], record()["ended"] is not None) == ("finished", True)
