"""Scenarios of the docs/errors.rst rows for plot and aggregate refusals (tester4b #9, F); tests/test_errors_table.py
runs them with the rest, tests/test_plot_fixes.py tests more of each."""

from pathlib import Path

from conftest import make_spec, run_cli, write_spec


def one_run(tmp_path: Path, then: list) -> list:
    """A finished two-episode run (evaluated once) in ``runs/one``; ``then`` with its folder appended."""
    write_spec(tmp_path / "one.yaml", make_spec(max_episodes=2, episodes_per_eval=2, episodes_per_checkpoint=2))
    assert run_cli("-q", "train", "-c", "one.yaml", "--run-dir", "runs/one", cwd=tmp_path).returncode == 0
    return [*then, "runs/one"]


SCENARIOS = {
    "plot or aggregate with --reps below 1000": lambda p: one_run(
        p, ["plot", "--table", "--reps", "999"]),
    "plotting curves with no point of --min-runs runs": lambda p: one_run(
        p, ["plot", "-o", "c.png", "--min-runs", "2"]),
}
TESTED_ELSEWHERE: set = set()
