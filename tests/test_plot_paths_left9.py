"""plot's advice for a sweep whose runs have not started names the sweep as the user reaches it (sweeps/t), not by
its absolute path (review8-6)."""

import pytest

from conftest import run_cli
from test_plot_left8 import sweeps  # noqa: F401  (the fixture: sweeps/t planned, none of its runs started)

pytest.importorskip("matplotlib")


def test_the_sweep_is_named_relative_to_the_working_directory(sweeps):  # noqa: F811
    alone = run_cli("plot", "sweeps/t", "-o", "c.png", cwd=sweeps)
    assert alone.returncode == 2, alone.stderr
    assert alone.stderr.splitlines() == [
        "Error: no run folders under sweeps/t: the 2 run(s) that sweep sweeps/t plans there have not started; to run "
        "them: gym-loop sweep sweeps/t"]
    under = run_cli("plot", "sweeps", "-o", "b.png", cwd=sweeps)
    assert under.returncode == 0, under.stderr
    assert "to run them: gym-loop sweep sweeps/t" in under.stderr and str(sweeps) not in under.stderr, under.stderr
