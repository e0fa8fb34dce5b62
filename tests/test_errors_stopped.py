"""The rows of docs/errors.rst for a second Ctrl-C, which stops at once: sent to the console script."""

import signal
import subprocess
import time
from pathlib import Path

import pytest
import yaml

from conftest import GYM_LOOP, make_spec
from errdocs_scenarios import SLOW_AGENT
from test_errors_table import documented_rows, matches


def wait_for(path: Path, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while not path.exists() and time.monotonic() < deadline:
        time.sleep(0.02)
    assert path.exists(), path


@pytest.mark.slow
@pytest.mark.parametrize("what, after", [("a second Ctrl-C", "runs/latest"),
                                         ("a second Ctrl-C before the first checkpoint", "started")])
def test_a_second_ctrl_c_stops_at_once_as_documented(tmp_path, what, after):
    (tmp_path / "slow_agent.py").write_text(SLOW_AGENT)
    spec = make_spec(max_episodes=1000, episodes_per_checkpoint=1, max_episode_len=50)
    spec["agent"] = {"class": "slow_agent.py:Agent"}
    (tmp_path / "run.yaml").write_text(yaml.safe_dump(spec))
    process = subprocess.Popen([GYM_LOOP, "train", "-c", "run.yaml", "--run-dir", "runs/run-1"], cwd=tmp_path,
                               stderr=subprocess.PIPE, text=True)
    wait_for(tmp_path / ("runs/run-1/checkpoints/latest" if after == "runs/latest" else after))
    process.send_signal(signal.SIGINT)
    time.sleep(0.1)  # the first is handled (the episode goes on), well within the episode's 0.4 s or more
    process.send_signal(signal.SIGINT)
    _, stderr = process.communicate(timeout=60)
    [(code, message)] = [(code, message) for row, code, message in documented_rows() if row == what]
    assert process.returncode == code
    assert matches(message, stderr.splitlines()[-1]), stderr
