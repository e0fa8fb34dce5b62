"""A run folder moved (mv) or deleted while it trains: the run stops at its next checkpoint with one line saying so
and how to go on, makes no folder at the old path, and records itself where the folder is now."""

import json
import shutil
import subprocess
import time

import pytest

from conftest import GYM_LOOP, make_spec, run_cli, write_spec


def training(tmp_path):
    """A long FrozenLake run in runs/a, once it has saved a checkpoint."""
    write_spec(tmp_path / "lake.yaml", {**make_spec("FrozenLake-v1", "gym_loop.agents.q_learning:QLearningAgent",
                                                    max_episodes=10**7, episodes_per_checkpoint=3), "seed": 3})
    process = subprocess.Popen([GYM_LOOP, "train", "-c", "lake.yaml", "--run-dir", "runs/a", "-q"], cwd=tmp_path,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 120
    while not (tmp_path / "runs/a/checkpoints/latest").exists():
        assert process.poll() is None and time.monotonic() < deadline, process.communicate()
        time.sleep(0.05)
    return process


def test_a_run_whose_folder_is_moved_stops_says_where_it_is_and_resumes_there(tmp_path):
    process = training(tmp_path)
    shutil.move(tmp_path / "runs/a", tmp_path / "runs/b")
    _, stderr = process.communicate(timeout=120)
    assert process.returncode == 1
    message = ("the run folder runs/a was moved to runs/b while training, and this run stopped; resume with: "
               "gym-loop train --resume runs/b")
    assert stderr.splitlines() == [f"Error: {message}"]
    assert not (tmp_path / "runs/a").exists()  # no checkpoint re-made the old folder
    record = json.loads((tmp_path / "runs/b/run.json").read_text())
    assert (record["status"], record["reason"]) == ("failed", message)
    episodes = int((tmp_path / "runs/b/checkpoints/latest").read_text().strip().split("-")[1])
    resumed = run_cli("train", "--resume", "runs/b", "--set", f"loop.parameters.max_episodes={episodes + 3}", "-q",
                      cwd=tmp_path)
    assert resumed.returncode == 0, resumed.stderr
    assert len((tmp_path / "runs/b/episodes.csv").read_text().splitlines()) == episodes + 4  # with the header


@pytest.mark.slow
def test_a_run_whose_folder_is_deleted_stops_and_makes_no_folder_again(tmp_path):
    process = training(tmp_path)
    shutil.rmtree(tmp_path / "runs/a")
    _, stderr = process.communicate(timeout=120)
    assert process.returncode == 1
    assert stderr.splitlines() == [
        "Error: the run folder runs/a was moved or deleted while training, and this run stopped; if it was moved, "
        "resume it where it is: gym-loop train --resume NEW_PATH"]
    assert list((tmp_path / "runs").iterdir()) == []
