"""Standard output closed (>&-, tester7f-4): as standard error closed, fd 1 is opened on /dev/null by the console
script's entry, so no file the run opens (its .lock) takes the number."""

import os
import subprocess
import sys

CODE = """
import os, sys
import gym_loop.cli
gym_loop.cli.main = lambda: open(sys.argv[1], "w").write(str(sys.stdout is None) + " " + os.readlink("/proc/self/fd/1"))
from gym_loop.entry import main
main()
"""


def test_a_closed_stdout_is_dev_null_so_no_file_takes_fd_1(tmp_path):
    out = tmp_path / "fd1.txt"
    done = subprocess.run([sys.executable, "-c", CODE, str(out)], preexec_fn=lambda: os.close(1), timeout=60,
                          stderr=subprocess.PIPE, text=True)
    assert done.returncode == 0, done.stderr
    assert out.read_text() == f"True {os.devnull}"  # sys.stdout None: what prints refuses (test_stdout_fix7b)
