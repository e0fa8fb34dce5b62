"""One writer per run folder (issue 16, point 1): a real second process is refused with exit 3."""

import csv
import json
import signal
import socket
import subprocess
import time

from conftest import AGENTS, GYM_LOOP, make_spec, only_run, run_cli, write_spec
from test_errors_table import documented_rows, matches

from gym_loop.run_folder import RunFolder

SLOW_AGENT = f"{AGENTS / 'slow_random_agent.py'}:SlowRandomAgent"


def start_training(tmp_path, max_episodes):
    write_spec(tmp_path / "run.yaml", make_spec(agent=SLOW_AGENT, max_episodes=max_episodes,
                                                episodes_per_checkpoint=2, max_episode_len=20))
    return subprocess.Popen([GYM_LOOP, "-q", "train", "-c", "run.yaml"], cwd=tmp_path, stderr=subprocess.PIPE,
                            text=True)


def wait_for_checkpoint(tmp_path, process):
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and process.poll() is None:
        runs = list((tmp_path / "runs").glob("*/checkpoints/latest"))
        if runs:
            return runs[0].parent.parent
        time.sleep(0.05)
    raise AssertionError(f"no checkpoint; {process.poll()=}")


def episode_numbers(run):
    with (run / "episodes.csv").open(newline="") as file:
        return [int(row["episode"]) for row in csv.DictReader(file)]


def test_resuming_a_run_that_trains_exits_3_at_once_naming_the_pid(tmp_path):
    training = start_training(tmp_path, max_episodes=100_000)
    try:
        run = wait_for_checkpoint(tmp_path, training)
        record = json.loads((run / "run.json").read_text())
        assert (record["status"], record["pid"], record["host"]) == ("running", training.pid, socket.gethostname())
        second = run_cli("train", "--resume", run.relative_to(tmp_path), cwd=tmp_path)
        assert second.returncode == 3
        assert second.stderr.splitlines() == [f"Error: run folder {run.relative_to(tmp_path)} is in use by pid "
                                              f"{training.pid} on {socket.gethostname()}; wait for it to end or "
                                              "stop it first"]
        (message,) = [message for what, code, message in documented_rows() if code == 3 and what.startswith("resuming")]
        assert matches(message.replace("<host>", socket.gethostname()), second.stderr.strip())
        assert RunFolder(run).status() == "running"
    finally:
        training.send_signal(signal.SIGINT)
        training.communicate(timeout=120)
    assert training.returncode == 130
    assert json.loads((run / "run.json").read_text())["status"] == "interrupted"
    assert episode_numbers(run) == list(range(len(episode_numbers(run))))


def test_two_resumes_at_once_one_trains_the_other_exits_3(tmp_path):
    training = start_training(tmp_path, max_episodes=30)
    run = wait_for_checkpoint(tmp_path, training)
    training.send_signal(signal.SIGINT)
    training.communicate(timeout=120)
    resumes = [subprocess.Popen([GYM_LOOP, "-q", "train", "--resume", str(run)], cwd=tmp_path,
                                stderr=subprocess.PIPE, text=True) for _ in range(2)]
    outcomes = sorted((process.wait(timeout=120), process.stderr.read()) for process in resumes)
    assert [code for code, _ in outcomes] == [0, 3], outcomes
    assert "is in use by pid" in outcomes[1][1] and "Traceback" not in outcomes[1][1]
    assert episode_numbers(run) == list(range(30))
    assert json.loads((run / "run.json").read_text())["status"] == "finished"


def test_a_run_killed_with_kill_9_is_reported_as_died_and_resumes(tmp_path):
    training = start_training(tmp_path, max_episodes=40)
    run = wait_for_checkpoint(tmp_path, training)
    training.kill()
    training.wait(timeout=60)
    assert json.loads((run / "run.json").read_text())["status"] == "running"
    deadline = time.monotonic() + 30  # the log writer child holds the lock until it has written what it got
    while RunFolder(run).status() != "died" and time.monotonic() < deadline:
        time.sleep(0.05)
    assert RunFolder(run).status() == "died"
    resumed = run_cli("train", "--resume", run, cwd=tmp_path)
    assert resumed.returncode == 0, resumed.stderr
    assert (f"WARNING: resuming a run that died: run.json says running (pid {training.pid} on "
            f"{socket.gethostname()}) but no process holds its lock") in resumed.stderr
    record = json.loads((run / "run.json").read_text())
    assert (record["status"], record["resumed"][-1]["after"]) == ("finished", "died")
    assert record["pid"] != training.pid
    assert RunFolder(run).status() == "finished"
    assert episode_numbers(run) == list(range(40))


def test_a_finished_run_is_not_locked(tmp_path):
    write_spec(tmp_path / "run.yaml", make_spec(max_episodes=1))
    assert run_cli("train", "-c", "run.yaml", cwd=tmp_path).returncode == 0
    run = only_run(tmp_path)
    assert RunFolder(run).status() == "finished"
    again = run_cli("train", "--resume", run, "--set", "loop.parameters.max_episodes=2", cwd=tmp_path)
    assert again.returncode == 0, again.stderr
    assert json.loads((run / "run.json").read_text())["resumed"][-1]["after"] == "finished"
