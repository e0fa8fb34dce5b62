"""Under python -m gym_loop, the commands a message gives to paste run gym-loop the same way (tester9e-9: they said
gym-loop, which need not be on PATH)."""

import os
import shlex
import subprocess
import sys


def _run(tmp_path, *args):
    return subprocess.run([sys.executable, "-m", "gym_loop", *args], cwd=tmp_path, capture_output=True, text=True,
                          env={**os.environ}, timeout=120)


def test_python_m_messages_say_python_m(tmp_path):
    (tmp_path / "e.yaml").write_text("")
    result = _run(tmp_path, "train", "-c", "e.yaml")
    assert result.returncode == 2
    assert result.stderr == (f"Error: e.yaml is empty; write a spec with: {shlex.quote(sys.executable)} -m gym_loop "
                             "create-default -c e.yaml\n")
