"""fix8a: make demo, test, docs work in a clone whose path has a space (tester8a-8): the Makefile runs with a
stand-in Python whose venv's programs only record how they were called."""

import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).parent.parent
FAKE_PYTHON = '''#!/bin/sh
# python3 -m venv DIR: a venv whose python, gym-loop, pytest and sphinx-build record their arguments
[ "$1" = -m ] && [ "$2" = venv ] || exit 9
mkdir -p "$3/bin"
for program in python gym-loop sphinx-build; do
  printf '#!/bin/sh\\necho "%s $*" >> "%s/calls.log"\\n' "$program" "$PWD" > "$3/bin/$program"
  chmod +x "$3/bin/$program"
done
'''


@pytest.mark.skipif(shutil.which("make") is None, reason="no make")
@pytest.mark.parametrize("target", ["demo", "test", "docs"])
def test_make_works_in_a_folder_whose_path_has_a_space(tmp_path, target):
    repo = tmp_path / "with space" / "repo"
    repo.mkdir(parents=True)
    for name in ("Makefile", "setup.py", "pyproject.toml"):
        shutil.copy(ROOT / name, repo / name)
    python = tmp_path / "python3"
    python.write_text(FAKE_PYTHON)
    python.chmod(0o755)
    done = subprocess.run(["make", target, f"PYTHON={python}"], cwd=repo, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stdout + done.stderr
    calls = (repo / "calls.log").read_text()
    assert "python -m pip install --quiet -e ." in calls
    if target == "demo":
        assert calls.count("gym-loop train") == 3 and calls.count("gym-loop eval") == 2, calls
