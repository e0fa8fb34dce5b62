"""plot's default score when only some runs evaluate periodically is last-100, which scores them all (docs/plots.rst:
final-eval only when every run's spec sets episodes_per_eval; tester10e-8)."""

import re

from conftest import make_spec, run_cli, write_spec


def test_runs_of_which_one_evaluates_are_scored_by_last_100_by_default(tmp_path):
    for name, parameters in (("a", {"episodes_per_eval": 2}), ("b", {})):
        write_spec(tmp_path / f"{name}.yaml", make_spec(max_episodes=4, eval_episodes=1, **parameters))
        trained = run_cli("-q", "train", "-c", f"{name}.yaml", "--run-dir", f"runs/{name}", cwd=tmp_path)
        assert trained.returncode == 0, trained.stderr
    table = run_cli("plot", "runs", "--table", cwd=tmp_path)
    assert table.returncode == 0, table.stderr
    assert "INFO: final score: last-100" in table.stderr.splitlines()
    assert "\nScore: last-100;" in table.stdout
    assert "no final-eval score" not in table.stderr
    counts = re.findall(r"^\| loop\.parameters\.episodes_per_eval=\S+ \| (\d+) \|", table.stdout, re.M)
    assert counts == ["1", "1"], table.stdout  # both runs scored, each its config's one run
    evaluating = run_cli("plot", "runs/a", "--table", cwd=tmp_path)  # every run evaluates: final-eval
    assert evaluating.returncode == 0, evaluating.stderr
    assert "\nScore: final-eval;" in evaluating.stdout
