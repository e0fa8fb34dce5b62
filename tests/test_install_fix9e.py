"""The install hints of gym-loop's extras name the Python gym-loop runs in and the clone it runs from, else the
extra's own packages; PyTorch comes as its CPU build (tester9e-7: a bare ``pip install 'gym-loop[plot]'``, which
another pip runs, and which PyPI answers with the original gym-loop)."""

import os
import re
import shlex
import sys
from pathlib import Path

import gym_loop.errors
from conftest import run_cli
from gym_loop.errors import install_extra

CLONE = Path(gym_loop.errors.__file__).resolve().parent.parent
PYTHON = shlex.quote(sys.executable)


def test_from_a_clone_the_hint_installs_the_extra_of_the_clone_into_this_python():
    assert install_extra("plot") == f"{PYTHON} -m pip install -e {shlex.quote(f'{CLONE}[plot]')}"


def test_elsewhere_the_hint_installs_the_extras_packages_into_this_python(monkeypatch, tmp_path):
    monkeypatch.setattr(gym_loop.errors, "__file__", str(tmp_path / "site-packages/gym_loop/errors.py"))
    assert install_extra("plot") == f"{PYTHON} -m pip install 'matplotlib>=3.7'"
    assert re.fullmatch(rf"{re.escape(PYTHON)} -m pip install 'optuna>=[0-9.]+'", install_extra("tune"))


def test_torch_is_its_cpu_build_from_pytorchs_index():
    assert install_extra("torch") == (f"{PYTHON} -m pip install torch==2.13.0 --index-url "
                                      "https://download.pytorch.org/whl/cpu")


def test_plot_without_matplotlib_names_this_python_and_the_clone(tmp_path):
    (tmp_path / "block").mkdir()
    (tmp_path / "block/sitecustomize.py").write_text("import sys\nsys.modules['matplotlib'] = None\n")
    (tmp_path / "runs").mkdir()
    env = {"PYTHONPATH": os.pathsep.join([str(tmp_path / "block"), str(CLONE)])}
    result = run_cli("plot", "runs", "-o", "c.png", cwd=tmp_path, env=env)
    assert result.returncode == 2
    python, rest = result.stderr.splitlines()[-1].split(": ", 2)[2].split(" ", 1)  # the script's own Python
    assert Path(python).parent == Path(sys.executable).parent
    assert rest == f"-m pip install -e {shlex.quote(f'{CLONE}[plot]')}"
