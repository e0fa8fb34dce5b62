"""plot's curves of a sweep whose run folders are gone (tester7f-10): not started (no run folder), with the way on,
not "no episodes in episodes.csv" naming folders that do not exist."""

import shutil

from conftest import make_spec, run_cli, write_spec


def test_curves_of_runs_gone_say_not_started_and_how_to_run_them(tmp_path):
    write_spec(tmp_path / "pa.yaml", make_spec(max_episodes=1, episodes_per_eval=None))
    swept = run_cli("-q", "sweep", "-c", "pa.yaml", "--seeds", "0-1", "--grid", "loop.parameters.max_episodes=[1,2]",
                    cwd=tmp_path)
    assert swept.returncode == 0, swept.stderr
    for folder in (tmp_path / "sweeps" / "pa" / "runs").glob("max_episodes=2-*"):
        shutil.rmtree(folder)
    plotted = run_cli("plot", "sweeps/pa", "-o", "c.png", "--min-runs", "1", cwd=tmp_path, env={"MPLBACKEND": "Agg"})
    assert plotted.returncode == 0, plotted.stderr
    assert "2 of 2 runs are not started (no run folder) and are not drawn; to run them: gym-loop sweep " \
        in plotted.stderr, plotted.stderr
    assert "no episodes in episodes.csv" not in plotted.stderr
