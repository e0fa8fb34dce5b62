"""A usage error whose stderr reader is gone (``2>&1 | head -0``, a dropped ssh) exits 2, as with a reader, not 1:
the exit status is all a script then has (a spec error, CommandFailed, already kept its code)."""

import os
import subprocess

import pytest

from conftest import GYM_LOOP


@pytest.mark.parametrize("args", [["train", "--bogus"], ["--bogus"], ["train"], ["tune"], ["train", "-c", "nope.yaml"],
                                  ["runs", "ls", "--x"]])
def test_a_usage_error_exits_2_when_stderr_is_a_broken_pipe(tmp_path, args):
    read, write = os.pipe()
    os.close(read)  # writing to it raises BrokenPipeError (Python ignores SIGPIPE)
    try:
        ended = subprocess.run([GYM_LOOP, *args], stdout=subprocess.DEVNULL, stderr=write, cwd=tmp_path, timeout=60)
    finally:
        os.close(write)
    assert ended.returncode == 2
