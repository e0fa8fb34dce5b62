"""plot draws its files whatever the user's matplotlib set-up (MPLBACKEND, text.usetex, fonts) and locale."""

import os
import subprocess
import sys

import pytest

from conftest import make_spec, run_cli, write_spec
from gym_loop.files import printable


@pytest.fixture(scope="module")
def runs(tmp_path_factory):
    """Folders ``runs`` (a run named in CJK) and ``accented`` (a run named with an accent)."""
    folder = tmp_path_factory.mktemp("plotenv")
    write_spec(folder / "run.yaml", make_spec())
    for name in ("runs/日本", "accented/spéc"):
        done = run_cli("train", "-c", "run.yaml", "--run-dir", name, "-q", cwd=folder)
        assert done.returncode == 0, done.stderr
    return folder


def test_unknown_mplbackend_is_not_used(runs):
    done = run_cli("plot", "runs", "-o", "mb.png", "-f", cwd=runs,
                   env={"MPLBACKEND": "module://matplotlib_inline.backend_inline"})
    assert done.returncode == 0, done.stderr
    assert (runs / "mb.png").stat().st_size > 0


def test_usetex_without_latex_draws_plain_text(runs, tmp_path):
    (tmp_path / "matplotlibrc").write_text("text.usetex: True\n")
    done = run_cli("plot", "runs", "-o", "tex.png", "-f", cwd=runs, env={"MPLCONFIGDIR": str(tmp_path)})
    assert done.returncode == 0, done.stderr
    assert (runs / "tex.png").stat().st_size > 0


def test_missing_glyphs_one_warning_not_a_traceback(runs):
    done = run_cli("plot", "runs", "-o", "cjk.png", "-f", cwd=runs, env={"PYTHONWARNINGS": "error"})
    assert done.returncode == 0, done.stderr
    glyphs = [line for line in done.stderr.splitlines() if "font" in line]
    assert len(glyphs) <= 1, done.stderr  # none where a CJK font is installed (a fallback)
    assert not glyphs or "日本" in glyphs[0] and "install a font" in glyphs[0]


def test_name_this_locale_cannot_read_is_drawn(runs):
    env = {key: value for key, value in os.environ.items() if key != "PYTHONIOENCODING"}
    done = subprocess.run([sys.executable, "-m", "gym_loop", "plot", "accented", "-o", "c.png", "-f"], cwd=runs,
                          capture_output=True, env={**env, "LC_ALL": "C", "PYTHONUTF8": "0"}, timeout=120)
    assert done.returncode == 0, done.stderr.decode("utf-8", "replace")
    assert "spéc" in (runs / "c.csv").read_text(encoding="utf-8")


def test_printable():
    assert printable("sp\udcc3\udca9c") == "spéc"
    assert printable("日本") == "日本"
