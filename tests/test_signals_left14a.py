"""A scheduler's job-wide stop sends SIGTERM (and often SIGHUP) to every process of the job, and a driver passes it on:
the sweep driver and a tune worker now read a SIGTERM or SIGHUP within 1 s of the first as the same stop, as a run does
(fix13f's rule, shared: gym_loop.errors.terminate). Before, the driver passed a second stop on ('stopping the running
runs at once'), and a tune worker stopped waiting for its run while the run still saved its checkpoint (note16)."""

import json
import os
import signal
import subprocess
import threading

import pytest

from conftest import GYM_LOOP, make_spec, write_spec
from gym_loop.errors import Terminated, handle_termination
from gym_loop.tuning.worker import _train
from test_sweep import _wait_for, frozen_lake


def test_sigterm_then_sighup_to_the_sweep_driver_is_one_stop(tmp_path):
    spec = frozen_lake(tmp_path, max_episodes=100000, episodes_per_eval=None, episodes_per_checkpoint=200)
    driver = subprocess.Popen([GYM_LOOP, "sweep", "-c", spec, "--seeds", "0", "--jobs", "1"], cwd=tmp_path,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    run = tmp_path / "sweeps/fl/runs/base/seed-0"
    _wait_for(lambda: (run / "checkpoints/latest").exists())
    driver.send_signal(signal.SIGTERM)  # a scheduler's stop: both, at once
    driver.send_signal(signal.SIGHUP)
    _, stderr = driver.communicate(timeout=120)
    assert driver.returncode == 143, stderr
    assert stderr.count("stopping: passing SIGTERM on to 1 running run(s)") == 1, stderr
    assert "at once" not in stderr.replace("send it again to stop them at once", ""), stderr
    record = json.loads((run / "run.json").read_text())
    assert record["status"] == "interrupted" and record["reason"].startswith("terminated after "), record


@pytest.fixture
def terminate_handled(monkeypatch):
    """SIGTERM and SIGHUP handled as gym-loop's commands and tune workers handle them; a window no load outlasts."""
    monkeypatch.setattr("gym_loop.errors.SAME_STOP_SECONDS", 60.0)
    monkeypatch.setattr("gym_loop.errors._first_stop", None)
    before = {number: signal.getsignal(number) for number in (signal.SIGTERM, signal.SIGHUP)}
    handle_termination()
    yield
    for number, handler in before.items():
        signal.signal(number, handler)


def test_a_tune_worker_stopped_twice_waits_for_its_run(tmp_path, terminate_handled):
    write_spec(tmp_path / "run.yaml", make_spec(max_episodes=100000, episodes_per_checkpoint=1000))
    log, run = tmp_path / "seed-0.log", tmp_path / "run"

    def job_wide_stop():  # the scheduler's SIGTERM, then the tune driver's pass-on once the first reached the run
        _wait_for(lambda: (run / "checkpoints/latest").exists())
        os.kill(os.getpid(), signal.SIGTERM)
        _wait_for(lambda: "terminated: finishing this episode" in log.read_text())
        os.kill(os.getpid(), signal.SIGTERM)

    stopper = threading.Thread(target=job_wide_stop)
    stopper.start()
    try:
        with pytest.raises(Terminated):
            _train(["train", "-c", "run.yaml", "--run-dir", str(run)], log, str(tmp_path))
    finally:
        stopper.join()
    record = json.loads((run / "run.json").read_text())  # the worker returned once its run had ended
    assert record["status"] == "interrupted", (record, log.read_text())
    assert log.read_text().rstrip().splitlines()[-1].startswith("Error: terminated after "), log.read_text()


def test_a_second_stop_after_the_window_still_raises(monkeypatch):
    monkeypatch.setattr("gym_loop.errors.SAME_STOP_SECONDS", 0.0)
    monkeypatch.setattr("gym_loop.errors._first_stop", None)
    from gym_loop.errors import terminate

    for number in (signal.SIGTERM, signal.SIGHUP):
        with pytest.raises(Terminated):
            terminate(number, None)
