"""Resuming a received run whose absolute logdir does not exist here (tester14d-6): a warning says so, and the
logdir may be changed on such a resume (a folder of another machine's user, which this one cannot make)."""

import shutil

from conftest import run_cli

SPEC = ("agent: {class: gym_loop.agents.q_learning:QLearningAgent}\nenv: {name: FrozenLake-v1}\n"
        "loop: {parameters: {max_episodes: 3, eval_episodes: 2, reward_threshold: null, logdir: %s}}\n")


def test_a_missing_absolute_logdir_is_named_and_may_be_changed(tmp_path):
    theirs = tmp_path / "alice-tb" / "run-7"
    (tmp_path / "lake.yaml").write_text(SPEC % theirs)
    assert run_cli("-q", "train", "-c", "lake.yaml", "--run-dir", "r", cwd=tmp_path).returncode == 0
    (tmp_path / "alice-tb" / "run-7").rename(tmp_path / "kept")  # not on this machine
    (tmp_path / "alice-tb").rmdir()
    changed = run_cli("train", "--resume", "r", "--set", "loop.parameters.max_episodes=5", "--set",
                      "loop.parameters.logdir=./logs", cwd=tmp_path)
    assert changed.returncode == 0, changed.stderr
    assert (f"WARNING: loop.parameters.logdir {theirs} does not exist here (the run moved from another machine?): "
            "its curve before this resume is not there; this resume logs to ./logs") in changed.stderr, changed.stderr
    assert not (tmp_path / "alice-tb").exists() and (tmp_path / "r" / "logs").is_dir()
    again = run_cli("train", "--resume", "r", "--set", "loop.parameters.max_episodes=7", cwd=tmp_path)
    assert again.returncode == 0, again.stderr  # ./logs is now the run's


def test_a_missing_absolute_logdir_kept_is_warned_of(tmp_path):
    theirs = tmp_path / "alice-tb" / "run-7"
    (tmp_path / "lake.yaml").write_text(SPEC % theirs)
    assert run_cli("-q", "train", "-c", "lake.yaml", "--run-dir", "r", cwd=tmp_path).returncode == 0
    shutil.rmtree(tmp_path / "alice-tb")
    kept = run_cli("train", "--resume", "r", "--set", "loop.parameters.max_episodes=5", cwd=tmp_path)
    assert kept.returncode == 0, kept.stderr
    assert (f"WARNING: loop.parameters.logdir {theirs} does not exist here (the run moved from another machine?): "
            "its curve before this resume is not there, and this resume makes it anew; to log elsewhere, resume with "
            "--set loop.parameters.logdir=./logs") in kept.stderr, kept.stderr
