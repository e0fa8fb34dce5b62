"""tester14a-19: train --run-dir RUN where RUN is a run folder (the batch script's line run again by a requeued job)
names the way on, --resume RUN, not only 'give a new path'; the resume then continues it."""

import signal
import subprocess
import time

from conftest import GYM_LOOP, run_cli

SPEC = ("agent: {class: gym_loop.agents.random_agent:RandomAgent}\nenv: {name: CartPole-v1}\n"
        "loop: {parameters: {max_episodes: 100000, episodes_per_checkpoint: 50}}\n")


def test_interrupted_run_dir_given_again(tmp_path):
    (tmp_path / "run.yaml").write_text(SPEC)
    job = subprocess.Popen([GYM_LOOP, "-q", "train", "-c", "run.yaml", "--run-dir", "job-1"], cwd=tmp_path,
                           stderr=subprocess.PIPE, text=True)
    while not (tmp_path / "job-1" / "checkpoints").is_dir() and job.poll() is None:
        time.sleep(0.1)
    job.send_signal(signal.SIGTERM)
    assert job.wait(timeout=60) == 143, job.stderr.read()
    again = run_cli("train", "-c", "run.yaml", "--run-dir", "job-1", cwd=tmp_path)
    assert again.returncode == 2
    assert "Error: --run-dir: job-1 is a run folder (interrupted); continue it with: gym-loop train --resume job-1, " \
           "or give a new path" in again.stderr
    resumed = run_cli("-q", "train", "--resume", "job-1", "-s", "loop.parameters.max_episodes=1", cwd=tmp_path)
    assert "not a run folder" not in resumed.stderr and "max_episodes" in resumed.stderr  # found: it ran more


def test_other_folder_still_refused(tmp_path):
    (tmp_path / "run.yaml").write_text(SPEC)
    (tmp_path / "other").mkdir()
    (tmp_path / "other" / "x").write_text("")
    done = run_cli("train", "-c", "run.yaml", "--run-dir", "other", cwd=tmp_path)
    assert done.returncode == 2 and "other exists and is not an empty folder; give a new path" in done.stderr
