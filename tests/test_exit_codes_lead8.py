"""The exit code of a run's failure stands when standard error's reader is gone (tester8g-9: click's EPIPE handling made
it 1; a SIGHUP'd run whose terminal closed exited 1, not 143)."""

import os
import subprocess

from conftest import GYM_LOOP


def test_a_spec_error_exits_2_with_standard_error_unreadable(tmp_path):
    (tmp_path / "bad.yaml").write_text("agent: 3\n")
    read, write = os.pipe()
    os.close(read)  # every write to it fails with EPIPE
    try:
        result = subprocess.run([GYM_LOOP, "train", "-c", "bad.yaml"], cwd=tmp_path, stderr=write,
                                stdout=subprocess.DEVNULL, timeout=120)
    finally:
        os.close(write)
    assert result.returncode == 2
