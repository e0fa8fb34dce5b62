"""How a run ends is told truthfully (issue 16, point 10): sys.exit(0) in an agent is no success, a
Ctrl-C after the last episode is no interruption, a KeyboardInterrupt raised by code is no signal."""

import json
import shutil
import subprocess
import sys

import pytest

from conftest import GYM_LOOP, only_run, run_cli
from trust_scenarios import odd_agent


def record(tmp_path):
    return json.loads((only_run(tmp_path) / "run.json").read_text())


def test_sys_exit_0_in_the_agent_fails_the_run(tmp_path):
    result = run_cli(*odd_agent(tmp_path, "exit"), cwd=tmp_path)
    assert result.returncode == 1
    assert "called sys.exit(0) during training, at episode 1, step 1; the run failed" in result.stderr.splitlines()[-1]
    assert (record(tmp_path)["status"], record(tmp_path)["reason"]) == (  # the terminal's words, naming where
        "failed", "agent.act called sys.exit(0) during training, at episode 1, step 1; the run failed")


def test_sys_exit_0_in_the_agent_fails_an_evaluation(tmp_path):
    result = run_cli("eval", *odd_agent(tmp_path, "exit")[1:], cwd=tmp_path)
    assert result.returncode == 1
    assert "called sys.exit(0) during evaluation, at episode 1, step 1; nothing was evaluated" in \
        result.stderr.splitlines()[-1]


def test_twenty_thousand_metric_keys_per_episode_stay_small(tmp_path):
    """The agent's metrics go to TensorBoard as they come; nothing piles them up (once 1.8 GB)."""
    command = [GYM_LOOP, *odd_agent(tmp_path, "many", max_episodes=5)]
    measure = ("import resource, subprocess, sys; code = subprocess.run(sys.argv[1:]).returncode; "
               "print(code, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)")
    result = subprocess.run([sys.executable, "-c", measure, *command], cwd=tmp_path, capture_output=True,
                            text=True, timeout=300)
    code, peak_kib = map(int, result.stdout.split())
    assert code == 0, result.stderr
    assert peak_kib < 600 * 1024, f"peak memory {peak_kib / 1024:.0f} MiB"
    assert len((only_run(tmp_path) / "episodes.csv").read_text().splitlines()) == 6


def test_a_keyboard_interrupt_raised_by_the_agent_is_not_a_second_signal(tmp_path):
    result = run_cli(*odd_agent(tmp_path, "keyboard"), cwd=tmp_path)
    assert result.returncode == 1
    assert "second signal" not in result.stderr and "resume with" not in result.stderr
    assert record(tmp_path)["status"] == "failed"
    assert "not by Ctrl-C" in record(tmp_path)["reason"]


@pytest.mark.parametrize("when", ["ctrl-c in last episode", "ctrl-c after last episode"])
def test_a_ctrl_c_that_cuts_nothing_short_finishes_the_run(tmp_path, when):
    result = run_cli(*odd_agent(tmp_path, when), cwd=tmp_path)
    heard = "waiting for agent.save" if when == "ctrl-c after last episode" else "finishing this episode"
    assert f"interrupted: {heard}" in result.stderr  # the real signal reached the handler
    assert result.returncode == 0, result.stderr
    assert (record(tmp_path)["status"], record(tmp_path)["reason"]) == ("finished", "ran every planned episode")
    resumed = run_cli("train", "--resume", only_run(tmp_path), cwd=tmp_path)
    assert "already ran 3 of 3 episodes" in resumed.stderr


@pytest.mark.parametrize("odd, words", [("big", "too large for a float"), ("list", "returned list"),
                                        ("name", "returned the key 3")])
def test_odd_metrics_fail_the_run_at_the_first_episode(tmp_path, odd, words):
    result = run_cli(*odd_agent(tmp_path, odd), cwd=tmp_path)
    assert result.returncode == 1
    assert words in result.stderr.splitlines()[-1] and "Traceback" not in result.stderr
    assert record(tmp_path)["status"] == "failed"
    rows = (only_run(tmp_path) / "episodes.csv").read_text().splitlines()
    assert len(rows) == 2 and rows[1].startswith("0,")  # the episode that ended is logged; its metrics failed


@pytest.mark.parametrize("sent, word", [("SIGINT", "interrupted"), ("SIGTERM", "terminated")])
def test_one_signal_while_the_agent_is_built_is_recorded_as_one(tmp_path, sent, word):
    from test_errors_table import self_signalling

    result = run_cli(*self_signalling(tmp_path, "init", sent), cwd=tmp_path)
    assert result.returncode == {"SIGINT": 130, "SIGTERM": 143}[sent]
    assert (record(tmp_path)["status"], record(tmp_path)["reason"]) == ("interrupted", f"{word} before the first episode")
    assert "second signal" not in result.stderr and "Aborted" not in result.stderr


def test_an_interrupted_evaluation_summarises_the_episodes_played_or_leaves_nothing(tmp_path):
    from test_errors_table import self_signalling

    result = run_cli("eval", *self_signalling(tmp_path, "act", "SIGINT")[1:], cwd=tmp_path)
    assert result.returncode == 130
    [summary] = (tmp_path / "eval_logs").glob("summary-*.json")
    assert json.loads(summary.read_text())["episodes"] == 2
    assert json.loads(summary.read_text())["interrupted"] == "interrupted after 2 of 5 evaluation episodes"
    shutil.rmtree(tmp_path / "eval_logs")
    result = run_cli("eval", *self_signalling(tmp_path, "first", "SIGINT")[1:], cwd=tmp_path)
    assert result.returncode == 130 and "nothing was written" in result.stderr
    assert list((tmp_path / "eval_logs").iterdir()) == []


def test_a_failing_train_of_a_loop_of_the_originals_kind_is_one_line_and_a_failed_run(tmp_path):
    from test_errors_table import failing_legacy_loop

    result = run_cli(*failing_legacy_loop(tmp_path), cwd=tmp_path)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert result.stderr.splitlines()[-1] == "Error: Loop.train() failed: ValueError: loop bug (--debug shows the traceback)"
    assert record(tmp_path)["status"] == "failed" and record(tmp_path)["reason"].endswith("ValueError: loop bug")
