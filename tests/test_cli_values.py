"""Typed command-line values reach the spec as they were typed, not re-read as YAML."""

import yaml

from conftest import make_spec, run_cli, write_spec


def test_runs_dir_that_reads_as_a_number_is_a_path(tmp_path):
    write_spec(tmp_path / "run.yaml", make_spec(max_episodes=1))
    result = run_cli("train", "-c", "run.yaml", "--runs-dir", "2026", "--seed", "3", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    (run,) = (tmp_path / "2026").iterdir()
    spec = yaml.safe_load((run / "spec.yaml").read_text())
    assert (spec["runs_dir"], spec["seed"]) == ("2026", 3)
