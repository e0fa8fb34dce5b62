"""fix15g (tester15g-6): a second SIGTERM while a command ends with 143 said "the runs had stopped, their checkpoints
written" for every 143, also a run terminated before its first episode (no checkpoint) or a sweep whose runs had not
begun. It now refers to what the command's own Error line said."""

import subprocess
import sys

SCRIPT = """
import os, signal, time
from gym_loop import errors
errors.ignore_the_rest_of_the_stop()  # as CommandFailed(..., 143) does, whatever the command had done
os.kill(os.getpid(), signal.SIGTERM)
time.sleep(30)
"""


def test_the_warning_claims_no_checkpoint(tmp_path):
    done = subprocess.run([sys.executable, "-c", SCRIPT], cwd=tmp_path, capture_output=True, text=True, timeout=60)
    assert done.returncode == 143, done.stderr
    assert done.stderr == ("WARNING: SIGTERM again while ending: ended at once (exit 143); the command had stopped "
                           "already, as its Error line says\n")
