"""tester7c-11 (fix7d): gym-loop started with its standard error closed (``2>&-``) runs as with ``2>/dev/null``."""

import json
import os
import subprocess

from conftest import GYM_LOOP, make_spec, only_run, write_spec


def run_without_stderr(tmp_path, *args):
    """``gym-loop *args`` in ``tmp_path`` with file descriptor 2 closed, as a shell's ``2>&-`` starts it."""
    return subprocess.run([GYM_LOOP, *args], cwd=tmp_path, stdout=subprocess.PIPE, text=True, timeout=300,
                          preexec_fn=lambda: os.close(2))


def test_train_with_stderr_closed_runs(tmp_path):
    write_spec(tmp_path / "run.yaml", make_spec(max_episodes=2))
    assert run_without_stderr(tmp_path, "train", "-c", "run.yaml").returncode == 0
    assert json.loads((only_run(tmp_path) / "run.json").read_text())["status"] == "finished"


def test_a_spec_error_with_stderr_closed_still_exits_2(tmp_path):
    write_spec(tmp_path / "run.yaml", make_spec(max_episodes=-1))
    assert run_without_stderr(tmp_path, "train", "-c", "run.yaml").returncode == 2
