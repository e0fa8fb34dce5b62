"""left8: plot counts the runs it has folders of apart from the planned runs without one, and names a sweep under
the plotted path none of whose runs has a folder (it was left out silently)."""

import json
import shutil

import pytest

from conftest import make_spec, run_cli, write_spec

pytest.importorskip("matplotlib")


@pytest.fixture
def sweeps(tmp_path):
    """sweeps/s with seed-1's folder gone, sweeps/t (a copy of its plan) with no run folder at all."""
    write_spec(tmp_path / "s.yaml", make_spec(max_episodes=2, episodes_per_eval=2, eval_episodes=1, logdir=None))
    made = run_cli("-q", "sweep", "-c", "s.yaml", "--seeds", "0-1", cwd=tmp_path)
    assert made.returncode == 0, made.stderr
    shutil.copytree(tmp_path / "sweeps/s", tmp_path / "sweeps/t", ignore=shutil.ignore_patterns("runs"))
    manifest = json.loads((tmp_path / "sweeps/t/manifest.json").read_text())
    (tmp_path / "sweeps/t/manifest.json").write_text(json.dumps({**manifest, "name": "t"}))
    shutil.rmtree(tmp_path / "sweeps/s/runs/base/seed-1")
    return tmp_path


def test_plot_counts_run_folders_apart_from_planned_runs_without_one(sweeps):
    result = run_cli("plot", "sweeps/s", "-o", "a.png", cwd=sweeps)
    assert result.returncode == 0, result.stderr
    assert "INFO: 1 runs in 1 configs, and 1 planned run(s) without a run folder" in result.stderr.splitlines()


def test_plot_names_a_sweep_without_any_run_folder(sweeps):
    under = run_cli("plot", "sweeps", "-o", "b.png", cwd=sweeps)
    assert under.returncode == 0, under.stderr
    assert "INFO: 1 runs in 2 configs, and 3 planned run(s) without a run folder" in under.stderr.splitlines()
    assert "to run them: gym-loop sweep sweeps/t" in under.stderr  # as the user reaches it (review8-6)
    alone = run_cli("plot", "sweeps/t", "-o", "c.png", cwd=sweeps)
    assert alone.returncode == 2, alone.stderr
    sweep = "sweeps/t"
    assert alone.stderr.splitlines() == [
        f"Error: no run folders under sweeps/t: the 2 run(s) that sweep {sweep} plans there have not started; to run "
        f"them: gym-loop sweep {sweep}"]
