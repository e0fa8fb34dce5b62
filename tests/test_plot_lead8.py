"""Of runs of one spec and one seed, plot keeps the one furthest along (tester8g-4: it kept the first by name, an
interrupted run, and dropped the finished re-run of it)."""

from conftest import run_cli
from test_plot_fix8d import fake_run


def test_of_same_seed_runs_the_finished_one_is_kept(tmp_path):
    runs = tmp_path / "runs"
    fake_run(runs / "a-first", 0, [(20, 0.1)], status="interrupted")
    fake_run(runs / "b-second", 0, [(20, 0.1), (40, 0.3), (60, 0.5)])
    table = run_cli("plot", "runs", "--table", cwd=tmp_path)
    assert table.returncode == 0, table.stderr
    assert "| runs | 1 | 0.5 [" in table.stdout, table.stdout
    assert f"counted once ({runs / 'b-second'}, the furthest along)" in table.stderr
