"""fix14b: with --backend ray, a stop reaches the runs still queued in Ray (tester14b-2).

A task that starts after the stop starts no run (it returns at once as not started), the driver cancels the tasks
that have not started, and a run queued in Ray is not logged as started (nor ``running`` in state.json).
"""

import json
import signal
import subprocess
import time

import pytest

from conftest import GYM_LOOP, make_spec, write_spec
from gym_loop.sweeps import launch
from gym_loop.sweeps import ray as ray_backend
from gym_loop.sweeps.launch import NOT_STARTED, Job


def test_a_task_that_starts_after_the_stop_starts_no_run(tmp_path):
    stop_file, marker = tmp_path / ".stop", tmp_path / "begun"
    stop_file.write_text("15 1")
    job = Job("base/seed-2", ("train", "--help"), str(tmp_path), str(tmp_path / "seed-2.log"))
    assert ray_backend.run_job(job, str(stop_file), str(marker)) == NOT_STARTED
    assert marker.exists() and not (tmp_path / "seed-2.log").exists()  # told the driver it began; ran nothing


def test_watch_passes_on_a_stop_written_before_it_began_watching(tmp_path):
    """The stop may come between the task's look at the stop file and its watch (tester14b-2's unit repro)."""
    stop_file = tmp_path / ".stop"
    stop_file.write_text(f"{int(signal.SIGTERM)} 1")
    process = subprocess.Popen(["sleep", "30"], start_new_session=True)
    try:
        assert ray_backend.watch(process, str(stop_file)) == -signal.SIGTERM
    finally:
        process.kill()
        process.wait()


class QueueingBackend:
    """Two places: the tasks of jobs beyond them are queued (not started) until the stop, which cancels them."""

    def __init__(self, places=2):
        self.places, self.tasks, self.signalled = places, [], []

    def start(self, job):
        self.tasks.append(job.key)
        return job.key

    def begun(self, handles):
        return [handle for handle in handles if self.tasks.index(handle) < self.places]

    def wait(self, handles, timeout):
        if not self.signalled:
            raise KeyboardInterrupt()  # Ctrl-C while all four are submitted, two of them queued
        time.sleep(0.01)
        return [(handle, 130 if self.tasks.index(handle) < self.places else NOT_STARTED) for handle in handles]

    def signal(self, handles, number):
        self.signalled.append((sorted(handles), number))


def test_the_driver_does_not_call_a_queued_run_started_or_ended(caplog):
    jobs = [Job(f"base/seed-{seed}", (), "", "") for seed in range(4)]
    backend, begun, ended = QueueingBackend(), [], []
    with pytest.raises(KeyboardInterrupt):
        launch.drive(jobs, backend, 4, lambda job: begun.append(job.key), lambda job, code: ended.append(job.key))
    assert begun == ["base/seed-0", "base/seed-1"]
    assert sorted(ended) == ["base/seed-0", "base/seed-1"]
    assert backend.signalled == [(["base/seed-0", "base/seed-1", "base/seed-2", "base/seed-3"], signal.SIGINT)]
    assert "passing SIGINT on to 2 running run(s)" in caplog.text and "2 queued run(s)" in caplog.text


class FakeRay:
    """``ray`` as the backend uses it to cancel: records the cancelled handles."""

    def __init__(self):
        self.cancelled = []

    def cancel(self, handle, force=False):
        self.cancelled.append(handle)


def test_the_ray_backend_cancels_the_tasks_that_have_not_begun(tmp_path):
    backend = ray_backend.RayBackend.__new__(ray_backend.RayBackend)
    backend.ray, backend.stops, backend.stop_file = FakeRay(), 0, tmp_path / ".stop"
    backend.begun_dir, backend.markers = tmp_path / ".begun", {"a": "m-a", "b": "m-b"}
    backend.begun_dir.mkdir()
    (backend.begun_dir / "m-a").touch()  # task a has begun, b is queued
    assert backend.begun(["a", "b"]) == ["a"]
    backend.signal(["a", "b"], signal.SIGTERM)
    assert backend.ray.cancelled == ["b"] and backend.stop_file.read_text() == f"{int(signal.SIGTERM)} 1"


def _wait_for(condition, seconds=60.0):
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.1)


@pytest.mark.slow
def test_a_stop_on_ray_reaches_the_queued_runs(tmp_path, ray_address):
    """Four runs on a Ray of 2 CPUs: two run, two are queued; SIGTERM stops the two and the two never start."""
    spec = make_spec("FrozenLake-v1", "gym_loop.agents.q_learning:QLearningAgent", max_episodes=20000,
                     episodes_per_eval=None, episodes_per_checkpoint=100)
    write_spec(tmp_path / "fl.yaml", spec)
    command = ["sweep", "-c", "fl.yaml", "--seeds", "0-3", "--jobs", "4", "--backend", "ray", "--address",
               ray_address]
    driver = subprocess.Popen([GYM_LOOP, *command], cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                              text=True)
    sweep = tmp_path / "sweeps" / "fl"
    runs = [sweep / "runs" / "base" / f"seed-{seed}" for seed in range(4)]
    _wait_for(lambda: sum((run / "checkpoints" / "latest").exists() for run in runs) == 2)
    driver.send_signal(signal.SIGTERM)
    _, stderr = driver.communicate(timeout=60)
    assert driver.returncode == 143, stderr
    begun = [run for run in runs if run.exists()]
    assert len(begun) == 2, stderr
    queued = [f"base/{run.name}" for run in runs if run not in begun]
    assert "passing SIGTERM on to 2 running run(s)" in stderr
    state = json.loads((sweep / "state.json").read_text())["runs"]
    for key in queued:
        assert f"{key}: started" not in stderr and f"{key}: interrupted" not in stderr, stderr
        assert state[key]["status"] == "pending", state[key]
    assert not (sweep / ray_backend.BEGUN_DIR).exists() and not (sweep / ray_backend.STOP_FILE).exists()
