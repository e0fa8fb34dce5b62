"""The console script's entry: Ctrl-C while the CLI's modules load is one line and exit 130, not a traceback."""

import os
import re
import signal
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).parent.parent

# Sends the process a real SIGINT as the CLI starts importing click (its first import), so that the signal
# deterministically arrives while gym_loop.cli loads, where a user's early Ctrl-C lands.
SIGINT_AT_IMPORT = """
import builtins
import os
import signal

_import = builtins.__import__

def _signalling_import(name, *args, **kwargs):
    if name == "click" and builtins.__import__ is _signalling_import:
        builtins.__import__ = _import
        os.kill(os.getpid(), signal.SIGINT)
    return _import(name, *args, **kwargs)

builtins.__import__ = _signalling_import
"""


def console_script() -> list:
    """The command pip's ``gym-loop`` script runs: the ``console_scripts`` entry of setup.py, called as pip calls it."""
    module, function = re.search(r'"gym-loop=([\w.]+):(\w+)"', (ROOT / "setup.py").read_text()).groups()
    return [sys.executable, "-c", f"import sys\nfrom {module} import {function}\nsys.exit({function}())"]


def run(command: list, tmp_path: Path, *args: str, signalled: bool = True, **env: str) -> subprocess.CompletedProcess:
    (tmp_path / "hook").mkdir(exist_ok=True)
    (tmp_path / "hook" / "sitecustomize.py").write_text(SIGINT_AT_IMPORT if signalled else "")
    path = os.pathsep.join(filter(None, (str(tmp_path / "hook"), os.environ.get("PYTHONPATH"))))
    return subprocess.run([*command, *args], cwd=tmp_path, capture_output=True, text=True, timeout=120,
                          env={**os.environ, "PYTHONPATH": path, "GYM_LOOP_DEBUG": "", **env})


@pytest.mark.parametrize("command", [console_script(), [sys.executable, "-m", "gym_loop"]],
                         ids=["console script", "python -m gym_loop"])
def test_ctrl_c_while_the_cli_loads_is_one_line_and_exit_130(tmp_path, command):
    interrupted = run(command, tmp_path, "train", "-c", "run.yaml")
    assert (interrupted.returncode, interrupted.stderr) == (130, "Error: interrupted\n")
    assert run(command, tmp_path, "--help", signalled=False).returncode == 0


def test_with_debug_ctrl_c_while_the_cli_loads_shows_the_traceback(tmp_path):
    for args, env in ((["--debug", "--help"], {}), (["--help"], {"GYM_LOOP_DEBUG": "1"})):
        interrupted = run(console_script(), tmp_path, *args, **env)
        assert interrupted.returncode == -signal.SIGINT and "Traceback" in interrupted.stderr  # Python's own end
        assert interrupted.stderr.rstrip().endswith("KeyboardInterrupt")
