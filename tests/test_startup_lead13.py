"""create-default, as README.rst gives it and printing, imports none of the modules only other commands need: each
cost start-up instructions that kept create-default over 2x of `python -c "import click"` (benchmarks/startup.py;
hashlib loads OpenSSL, shutil imports bz2 and lzma, run_folder imports both and socket)."""
import subprocess
import sys

import pytest

NOT_AT_START_UP = {"gymnasium", "numpy", "hashlib", "json", "pickle", "shutil", "difflib", "socket",
                   "gym_loop.run_folder", "gym_loop.run_paths", "gym_loop.pickled_state"}


@pytest.mark.parametrize("args", [[], ["--run-config", "d.yaml"]], ids=["printed", "written"])
def test_create_default_imports_only_what_it_uses(tmp_path, args):
    done = subprocess.run([sys.executable, "-X", "importtime", "-m", "gym_loop", "create-default", *args],
                          cwd=tmp_path, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    imported = {line.rsplit("|", 1)[-1].strip() for line in done.stderr.splitlines() if line.startswith("import time")}
    assert "gym_loop.spec" in imported
    assert not NOT_AT_START_UP & imported, sorted(NOT_AT_START_UP & imported)
