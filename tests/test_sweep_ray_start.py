"""--backend ray: an unreachable --address, and Ctrl-C while a local Ray starts (tester3b #10, #12)."""

import os
import signal
import subprocess
import time
import uuid
from pathlib import Path

import pytest

from conftest import GYM_LOOP, make_spec, run_cli, write_spec

pytest.importorskip("ray")
QLEARNING = "gym_loop.agents.q_learning:QLearningAgent"
UNREACHABLE = "127.0.0.1:9"  # the discard port: nothing listens there


def lake(tmp_path: Path) -> Path:
    spec = make_spec("FrozenLake-v1", QLEARNING, max_episodes=20, episodes_per_eval=10, eval_episodes=1)
    return write_spec(tmp_path / "lake.yaml", spec)


def test_sweep_at_an_unreachable_address_is_one_line_at_once(tmp_path):
    started = time.monotonic()
    result = run_cli("sweep", "-c", lake(tmp_path), "--seeds", 0, "--backend", "ray", "--address", UNREACHABLE,
                     cwd=tmp_path)
    assert time.monotonic() - started < 60  # it hung for minutes
    assert result.returncode == 2
    assert result.stderr.splitlines() == [f"Error: cannot reach a Ray cluster at {UNREACHABLE}: Connection refused; "
                                          "start one with ray start --head, or check --address"]
    assert sorted(os.listdir(tmp_path)) == ["lake.yaml"]


def test_tune_at_an_unreachable_address_is_one_line_at_once(tmp_path):
    pytest.importorskip("optuna")
    (tmp_path / "space.yaml").write_text("agent.parameters.learning_rate: {float: [0.1, 0.9]}\n")
    result = run_cli("tune", "-c", lake(tmp_path), "--space", "space.yaml", "--trials", 1, "--backend", "ray",
                     "--address", UNREACHABLE, cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr.splitlines()[-1].startswith(f"Error: cannot reach a Ray cluster at {UNREACHABLE}: ")
    assert len(result.stderr.splitlines()) == 1 and not (tmp_path / "tunes").exists()


def marked(mark: str) -> list:
    """The pids of the processes whose environment holds ``GYM_LOOP_TEST_MARK=<mark>``."""
    found = []
    for environ in Path("/proc").glob("[0-9]*/environ"):
        try:
            if f"GYM_LOOP_TEST_MARK={mark}".encode() in environ.read_bytes().split(b"\0"):
                found.append(int(environ.parent.name))
        except OSError:
            continue
    return found


@pytest.mark.slow
def test_ctrl_c_while_a_local_ray_starts_leaves_no_ray_and_no_sweep(tmp_path):
    """One local Ray start (about 10 s, 1 GB): Ctrl-C during it, as sig.py of tester3b sent it."""
    mark = uuid.uuid4().hex
    driver = subprocess.Popen([GYM_LOOP, "sweep", "-c", str(lake(tmp_path)), "--seeds", "0-1", "--name", "rayint",
                               "--backend", "ray"], cwd=tmp_path, stderr=subprocess.PIPE, text=True,
                              env={**os.environ, "GYM_LOOP_TEST_MARK": mark})
    deadline = time.monotonic() + 60
    while not any("gcs_server" in _command(pid) for pid in marked(mark)) and time.monotonic() < deadline:
        time.sleep(0.1)  # Ray is starting: its GCS runs, the rest is on its way
    driver.send_signal(signal.SIGINT)
    _, stderr = driver.communicate(timeout=120)
    assert driver.returncode == 130
    assert stderr.splitlines()[-1] == ("Error: sweep stopped before any run started; nothing was kept: run the same "
                                       "command again to start it")
    assert not (tmp_path / "sweeps").exists()
    deadline = time.monotonic() + 20  # ray.shutdown has stopped them; give the last ones a moment to be reaped
    while marked(mark) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert [_command(pid) for pid in marked(mark)] == []


def _command(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
    except OSError:
        return ""
