"""left15b: a tune's Ray worker tasks still queued in Ray at a stop were not cancelled: each began once it got a CPU
(to see the stop and return), so the stop waited for them. They are now submitted as a sweep's runs are
(:meth:`RayBackend.submit`: a file made when the task begins), so the stop cancels those that have not begun."""

import signal
import subprocess
import time

import pytest

from conftest import GYM_LOOP, make_spec, write_spec
import gym_loop.tuning.worker as worker
from gym_loop.sweeps import ray as ray_backend
from gym_loop.tuning.driver import ray_worker


def test_a_worker_task_says_it_began(tmp_path, monkeypatch):
    monkeypatch.setattr(worker, "run_worker", lambda config, index: None)
    assert ray_worker({"quiet": True}, 0, str(tmp_path / "begun")) == ""
    assert (tmp_path / "begun").exists()


class FakeRemote:
    def remote(self, *args):
        self.args = args
        return "handle"


class FakeRay:
    def __init__(self):
        self.cancelled = []

    def cancel(self, handle, force=False):
        self.cancelled.append(handle)


def test_a_submitted_task_not_begun_is_cancelled_at_a_stop(tmp_path):
    backend = ray_backend.RayBackend.__new__(ray_backend.RayBackend)
    backend.ray, backend.stops, backend.stop_file = FakeRay(), 0, tmp_path / ".stop"
    backend.begun_dir, backend.markers = tmp_path / ".begun", {}
    backend.begun_dir.mkdir()
    remote = FakeRemote()
    handle = backend.submit(remote, {"quiet": True}, 3)
    assert remote.args[:2] == ({"quiet": True}, 3) and remote.args[2].startswith(str(backend.begun_dir))
    backend.signal([handle], signal.SIGTERM)
    assert backend.ray.cancelled == ["handle"]


def _wait_for(condition, seconds=60.0):
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.1)


@pytest.mark.slow
def test_a_tune_stopped_on_ray_cancels_its_queued_workers(tmp_path, ray_address):
    """Four workers on a Ray of 2 CPUs: two run a trial, two are queued; SIGTERM stops the two, cancels the two."""
    pytest.importorskip("optuna")
    spec = make_spec("FrozenLake-v1", "gym_loop.agents.q_learning:QLearningAgent", max_episodes=200000,
                     episodes_per_eval=100000, eval_episodes=1, episodes_per_checkpoint=100)
    write_spec(tmp_path / "fl.yaml", spec)
    (tmp_path / "space.yaml").write_text("agent.parameters.learning_rate: {float: [0.01, 1.0]}\n")
    command = ["tune", "-c", "fl.yaml", "--space", "space.yaml", "--trials", "4", "--seeds", "0", "--jobs", "4",
               "--backend", "ray", "--address", ray_address]
    driver = subprocess.Popen([GYM_LOOP, *command], cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                              text=True)
    trials = tmp_path / "tunes" / "fl" / "trials"
    _wait_for(lambda: len(list(trials.glob("*/seed-0/checkpoints/latest"))) == 2)
    driver.send_signal(signal.SIGTERM)
    _, stderr = driver.communicate(timeout=60)
    assert driver.returncode == 143, stderr
    assert "passing SIGTERM on to 2 running run(s)" in stderr and "2 queued run(s) will not start" in stderr, stderr
    assert len(list(trials.iterdir())) == 2
    assert not (tmp_path / "tunes" / "fl" / ray_backend.BEGUN_DIR).exists()
