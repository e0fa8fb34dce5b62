"""create-default stays within 2x of `python -c "import click"` (benchmarks/startup.py) by importing neither
Gymnasium nor NumPy for the default spec: a module-level import of either on its path doubled it."""
import subprocess
import sys


def test_create_default_imports_neither_gymnasium_nor_numpy(tmp_path):
    done = subprocess.run([sys.executable, "-X", "importtime", "-m", "gym_loop", "create-default", "-c", "d.yaml"],
                          cwd=tmp_path, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    imported = {line.rsplit("|", 1)[-1].strip() for line in done.stderr.splitlines() if line.startswith("import time")}
    assert (tmp_path / "d.yaml").is_file()
    assert not {"gymnasium", "numpy"} & imported, sorted({"gymnasium", "numpy"} & imported)
