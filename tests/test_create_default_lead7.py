"""create-default does not overwrite a run's own spec.yaml, given as it is or through a link (tester7f-9)."""

import json

import pytest

from conftest import run_cli

MESSAGE = ("Error: Invalid value for '-c' / '--run-config': {given} is a file of the run folder runs/victim, which "
           "gym-loop reads; give -c another file (see gym-loop create-default --help)")


@pytest.mark.parametrize("given", ["runs/victim/spec.yaml", "cur.yaml"])
@pytest.mark.parametrize("force", [[], ["--force"]])
def test_create_default_refuses_a_runs_spec(tmp_path, given, force):
    run = tmp_path / "runs" / "victim"
    run.mkdir(parents=True)
    (run / "run.json").write_text(json.dumps({"status": "finished"}))
    (run / "spec.yaml").write_text("# gym-loop sha256: sealed\n")
    (tmp_path / "cur.yaml").symlink_to("runs/victim/spec.yaml")
    result = run_cli("create-default", "-c", given, *force, cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [MESSAGE.format(given=given)]
    assert (run / "spec.yaml").read_text() == "# gym-loop sha256: sealed\n"


def test_create_default_writes_a_spec_yaml_outside_a_run(tmp_path):
    result = run_cli("create-default", "-c", "spec.yaml", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "spec.yaml").read_text().startswith("agent:")
