"""fix11d: edges of the run no test reached (tester11d's unrun mutants): the never-solved warning at 99 episodes
(R30), and ``gym-loop eval --seed`` over the run's seed (CL2)."""

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
