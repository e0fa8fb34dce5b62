"""--set on every command, progress on and off a terminal, and the end-of-run summary."""

import os
import pty
import subprocess

import yaml

from conftest import GYM_LOOP, make_spec, only_run, read_scalars, run_cli, write_spec


def test_set_overrides_train_and_eval(tmp_path):
    write_spec(tmp_path / "run.yaml", make_spec())
    trained = run_cli("train", "-c", "run.yaml", "--set", "loop.parameters.max_episodes=4",
                      "-s", "loop.parameters.logdir=tb", cwd=tmp_path)
    assert trained.returncode == 0, trained.stderr
    assert len(read_scalars(only_run(tmp_path) / "tb")["episode/return"]) == 4
    evaluated = run_cli("eval", "-c", "run.yaml", "--set", "loop.parameters.eval_episodes=5", cwd=tmp_path)
    assert "evaluated: 5 episodes" in evaluated.stderr
    assert yaml.safe_load((tmp_path / "run.yaml").read_text()) == make_spec()  # the file is untouched


def test_set_values_are_yaml(tmp_path):
    result = run_cli("create-default", "--set", "loop.parameters.time_per_checkpoint=0.5",
                     "--set", "loop.parameters.render=true", "--set", "env.imports=[minigrid]",
                     "--set", "loop.parameters.max_episode_len=null", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    parameters = yaml.safe_load(result.stdout)["loop"]["parameters"]
    assert (parameters["time_per_checkpoint"], parameters["render"], parameters["max_episode_len"]) == (0.5, True, None)
    assert yaml.safe_load(result.stdout)["env"]["imports"] == ["minigrid"]


def test_set_is_validated_like_the_file(tmp_path):
    result = run_cli("create-default", "-c", "spec.yaml", "--set", "loop.parameters.max_episodes=[1, 2]", cwd=tmp_path)
    assert result.returncode == 2
    assert "loop.parameters.max_episodes: expected a positive integer, got [1, 2]" in result.stderr
    assert not (tmp_path / "spec.yaml").exists()


def test_progress_lines_without_a_terminal_and_the_summary(tmp_path):
    write_spec(tmp_path / "run.yaml", make_spec(max_episodes=20))
    result = run_cli("train", "-c", "run.yaml", cwd=tmp_path)
    lines = [line for line in result.stderr.splitlines() if line.startswith("INFO: train: episode")]
    assert [line.split()[3] for line in lines] == [f"{n}/20," for n in range(2, 21, 2)]
    assert "steps/s, mean return" in lines[-1]
    summary, results = result.stderr.splitlines()[-2:]
    assert summary.startswith("INFO: trained: 20 episodes, ")
    assert "mean return of the last 20 episodes" in summary and "highest mean" not in summary  # no 100 played
    run = f"runs/{only_run(tmp_path).name}"
    assert results == f"INFO: results in {run}; to see them: tensorboard --logdir {run}/logs"


def test_progress_lines_when_episodes_end_together(caplog):
    from gym_loop.loops.summary import Summary
    from gym_loop.progress import Progress

    progress, summary = Progress("train", bar=False, lines=4), Summary(40)
    with caplog.at_level("INFO"):
        for episodes in (3, 9, 11, 19, 20, 33, 40):  # as VectorLoop reports them
            summary.episodes = episodes
            progress(summary)
    assert [record.getMessage().split()[2] for record in caplog.records] == ["11/40,", "20/40,", "33/40,", "40/40,"]


def test_a_progress_bar_on_a_terminal(tmp_path):
    write_spec(tmp_path / "run.yaml", make_spec(max_episodes=5))
    controller, terminal = pty.openpty()
    process = subprocess.Popen([GYM_LOOP, "train", "-c", "run.yaml"], cwd=tmp_path, stderr=terminal,
                               stdout=terminal, stdin=subprocess.DEVNULL)
    os.close(terminal)
    output = b""
    while True:
        try:
            chunk = os.read(controller, 4096)
        except OSError:  # the child closed the terminal
            break
        if not chunk:
            break
        output += chunk
    assert process.wait(timeout=60) == 0
    text = output.decode()
    assert "train" in text and "5/5" in text and "#" in text
    assert "INFO: train: episode" not in text


def test_quiet_silences_progress_and_summary(tmp_path):
    write_spec(tmp_path / "run.yaml", make_spec(max_episodes=20))
    result = run_cli("--quiet", "train", "-c", "run.yaml", cwd=tmp_path)
    assert result.returncode == 0 and result.stderr == "" and result.stdout == ""


def test_the_summary_keeps_the_mean_of_its_window_over_groups_of_episodes():
    import random

    import pytest

    from gym_loop.loops.summary import Summary

    rng = random.Random(0)
    summary, every_return = Summary(5000, window=100), []
    for _ in range(300):
        returns = [rng.uniform(-1e6, 1e6) for _ in range(rng.choice([1, 3, 64, 150]))]
        for episode_return in returns:
            summary.add(episode_return, 1)
        every_return += returns
        assert summary.mean_return == pytest.approx(sum(every_return[-100:]) / 100 if len(every_return) >= 100
                                                    else sum(every_return) / len(every_return), rel=1e-9, abs=1e-3)
    assert summary.episodes == summary.steps == len(every_return)


def test_a_summary_state_goes_through_json_and_back():
    import json

    from gym_loop.loops.summary import Summary

    summary = Summary(10, window=3)
    for episode_return, length in [(1.0, 5), (2.0, 6), (3.0, 7), (4.0, 8)]:
        summary.add(episode_return, length)
    summary.global_step = 26
    restored = Summary(10, window=3)
    restored.restore(json.loads(json.dumps(summary.state())))
    assert restored.state() == summary.state()
    assert restored.describe() == summary.describe() and restored.mean_return == 3.0
