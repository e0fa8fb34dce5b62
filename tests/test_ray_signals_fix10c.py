"""fix10c: SIGHUP to a sweep or tuning study on Ray stops it as SIGTERM does (tester10c-4)."""

import json
import os
import signal
import subprocess
import time

import pytest

from conftest import GYM_LOOP, make_spec, write_spec
from gym_loop.errors import terminate as _terminate
from gym_loop.errors import Terminated
from gym_loop.sweeps import ray as ray_backend


def _as_cli():
    """SIGHUP's and SIGTERM's handlers as gym-loop's CLI sets them; the previous ones."""
    return {number: signal.signal(number, _terminate) for number in (signal.SIGTERM, signal.SIGHUP)}


class FakeRay:
    """As much of ``ray`` as the backend uses without a cluster; ``ray.wait`` gets a SIGHUP and, as Ray does, turns
    the exception of the signal's handler into a plain KeyboardInterrupt."""

    def __init__(self):
        self.initialized, self.started = False, False

    def init(self, **options):
        os.kill(os.getpid(), signal.SIGHUP)  # a closed terminal while the local Ray starts
        self.initialized = self.started = True

    def is_initialized(self):
        return self.initialized

    def shutdown(self):
        self.initialized = False

    def remote(self, **options):
        return lambda function: function

    def wait(self, handles, num_returns, timeout):
        try:
            os.kill(os.getpid(), signal.SIGHUP)
            time.sleep(1)
        except BaseException:
            raise KeyboardInterrupt() from None
        return [], handles


def test_sighup_while_ray_starts_is_held_then_raised_as_sigterm():
    previous = _as_cli()
    try:
        ray = FakeRay()
        with pytest.raises(Terminated):
            ray_backend.init_ray(ray, "local")
        assert ray.started and not ray.initialized  # ray.init was not stopped half-way; shut down after
        assert signal.getsignal(signal.SIGHUP) is _terminate  # as before
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)


def test_sighup_while_the_ray_backend_waits_is_sigterm(tmp_path, monkeypatch):
    previous = _as_cli()
    try:
        monkeypatch.setattr(ray_backend, "require_ray", FakeRay)
        monkeypatch.setattr(ray_backend.RayBackend, "_check_storage", lambda self, path: None)
        with pytest.raises(Terminated):  # the start-up's SIGHUP
            ray_backend.RayBackend(None, tmp_path)
        monkeypatch.setattr(ray_backend, "init_ray", lambda ray, address, **options: None)
        backend = ray_backend.RayBackend(None, tmp_path)
        with pytest.raises(Terminated):
            backend.wait(["a run"], timeout=1.0)
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)


def _wait_for(condition, seconds=120.0):
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.1)


@pytest.mark.slow
def test_sighup_to_a_sweep_on_ray_passes_sigterm_on_and_exits_143(tmp_path, ray_address):
    spec = make_spec("FrozenLake-v1", "gym_loop.agents.q_learning:QLearningAgent", max_episodes=20000,
                     episodes_per_eval=None, episodes_per_checkpoint=200)
    write_spec(tmp_path / "fl.yaml", spec)
    command = ["sweep", "-c", "fl.yaml", "--seeds", "0-1", "--backend", "ray", "--address", ray_address]
    driver = subprocess.Popen([GYM_LOOP, *command], cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                              text=True)
    runs = [tmp_path / "sweeps" / "fl" / "runs" / "base" / f"seed-{seed}" for seed in (0, 1)]
    _wait_for(lambda: all((run / "checkpoints" / "latest").exists() for run in runs))
    driver.send_signal(signal.SIGHUP)
    _, stderr = driver.communicate(timeout=120)
    assert driver.returncode == 143, stderr
    assert "stopping: passing SIGTERM on to 2 running run(s)" in stderr
    for run in runs:
        assert json.loads((run / "run.json").read_text())["reason"].startswith("terminated after "), stderr


def test_a_run_stopped_before_it_closed_its_run_json_is_interrupted_not_died():
    """tester10c-4's note: a run whose run.json still says running (no process holds it: ``died``) but whose process
    exited as a stop ends it is ``interrupted`` in the sweep's state, as docs/sweeps.rst says."""
    from gym_loop.sweeps.sweep import _ended_status

    assert [_ended_status("died", code) for code in (130, 143, -2, -15)] == ["interrupted"] * 4
    assert _ended_status("died", -9) == "died" and _ended_status("died", 1) == "failed"
