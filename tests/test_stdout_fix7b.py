"""tester7c-10: a standard output that cannot take what a command prints (a full disk, closed) is one line, exit 1;
a reader that stops early (| head -1) is not an error."""

import os
import subprocess
from pathlib import Path

import pytest

from conftest import GYM_LOOP

FULL = "Error: cannot write to standard output: No space left on device; free some space on that disk\n"
CLOSED = "Error: cannot write to standard output: it is closed; give the command one (> FILE)\n"


def shell(command, cwd):
    return subprocess.run(["bash", "-c", command], cwd=cwd, capture_output=True, text=True, timeout=300,
                          env={**os.environ, "PATH": f"{Path(GYM_LOOP).parent}{os.pathsep}{os.environ['PATH']}"})


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="no /dev/full")
@pytest.mark.parametrize("command", ["gym-loop create-default", "gym-loop runs ls ."])
def test_a_full_standard_output_is_one_line(tmp_path, command):
    (tmp_path / "runs" / "run-1").mkdir(parents=True)
    (tmp_path / "runs" / "run-1" / "spec.yaml").write_text("seed: 0\n")
    (tmp_path / "runs" / "run-1" / "run.json").write_text('{"status": "finished"}')
    result = shell(f"{command} > /dev/full", tmp_path)
    assert (result.returncode, result.stderr) == (1, FULL)


def test_a_closed_standard_output_is_one_line(tmp_path):
    result = shell("gym-loop create-default >&-", tmp_path)
    assert (result.returncode, result.stderr) == (1, CLOSED)


def test_a_reader_that_stops_early_is_no_error(tmp_path):
    result = shell("gym-loop create-default | head -1", tmp_path)
    assert (result.returncode, result.stdout, result.stderr) == (0, "agent:\n", "")


def test_train_with_standard_error_closed_runs(tmp_path):  # tester7c-11: as quietly as it then must
    from conftest import make_spec, only_run, write_spec

    write_spec(tmp_path / "run.yaml", make_spec(max_episodes=1, episodes_per_eval=None))
    result = shell("gym-loop train -c run.yaml 2>&-", tmp_path)
    assert result.returncode == 0
    assert '"status": "finished"' in (only_run(tmp_path) / "run.json").read_text()


def test_create_default_writes_through_a_symbolic_link(tmp_path):  # tester7c-12
    from conftest import run_cli

    (tmp_path / "real").mkdir()
    (tmp_path / "real" / "spec.yaml").write_text("old: 1\n")
    (tmp_path / "link.yaml").symlink_to("real/spec.yaml")
    assert run_cli("create-default", "-c", "link.yaml", "-f", cwd=tmp_path).returncode == 0
    assert (tmp_path / "link.yaml").is_symlink()
    assert (tmp_path / "real" / "spec.yaml").read_text().startswith("agent:")

