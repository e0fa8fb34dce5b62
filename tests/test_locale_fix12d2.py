"""gym-loop under a locale that is not UTF-8 (tester12d): names it cannot encode are one line, exit 2, naming the
fix; what it prints cannot fail on an encoding; -X utf8 reaches the processes a command starts."""

import os
import subprocess
import sys

import pytest

from conftest import make_spec, run_cli, write_spec

AGENT = """from gym_loop.agents import BaseAgent
class Agent(BaseAgent):
    def act(self, state, episode_num):
        return self.parameters["action_space"].sample()
    def memorize(self, *a): pass
    def update(self, episode_num): pass
"""


def ascii_locale(*args, cwd, flags=()):
    """``python [flags] -m gym_loop ARGS`` under LC_ALL=C without UTF-8 mode: Python's file names are ASCII."""
    env = {key: value for key, value in os.environ.items() if key != "PYTHONIOENCODING"}
    return subprocess.run([sys.executable, *flags, "-m", "gym_loop", *map(str, args)], cwd=cwd, capture_output=True,
                          env={**env, "LC_ALL": "C", "PYTHONUTF8": "0"}, timeout=120)


@pytest.fixture
def accented(tmp_path):
    """A folder with an agent file under ``agénts/`` and the spec ``spéc.yaml`` that uses it."""
    (tmp_path / "agénts").mkdir()
    (tmp_path / "agénts" / "mon_agent.py").write_text(AGENT, encoding="utf-8")
    spec = make_spec()
    spec["agent"] = {"class": "agénts/mon_agent.py:Agent", "parameters": {}}
    write_spec(tmp_path / "spéc.yaml", spec)
    return tmp_path


def test_printing_a_name_the_terminal_cannot_encode(accented):
    assert run_cli("train", "-c", "spéc.yaml", "--run-dir", "runs/spéc", "-q", cwd=accented).returncode == 0
    done = run_cli("runs", "ls", cwd=accented, env={"PYTHONIOENCODING": "ascii"})
    assert done.returncode == 0, done.stderr
    assert "sp\\xe9c" in done.stdout


def test_a_path_printed_under_an_ascii_locale_can_be_pasted(tmp_path):
    write_spec(tmp_path / "é.yaml", make_spec())
    done = ascii_locale("train", "-c", "é.yaml", "--runs-dir", "r", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    run = next((tmp_path / "r").iterdir()).name
    assert f"tensorboard --logdir 'r/{run}'".encode() in done.stderr  # the folder's own bytes, not \udcc3\udca9


def test_x_utf8_reaches_a_sweeps_runs(accented):
    done = ascii_locale("sweep", "-c", "spéc.yaml", "--seeds", "0", "--name", "x", "-q", cwd=accented,
                        flags=("-X", "utf8"))
    assert done.returncode == 0, done.stderr.decode("utf-8", "replace")
