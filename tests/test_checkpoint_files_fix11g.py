"""fix11g: a file where a checkpoint folder goes (a stray file, a failed copy): the run's checkpoints stop at the one
that failed, latest stays on the one before, and the error names the file to move (tester11c-1)."""

from pathlib import Path

import pytest

from gym_loop.errors import GymLoopError, run_failure
from gym_loop.run_checkpoints import Checkpoints


def test_no_checkpoint_is_committed_after_one_that_failed(tmp_path):
    directory = tmp_path / "checkpoints"
    checkpoints = Checkpoints(directory, lambda path: Path(path).write_text("agent"), keep=None, commit=None)
    checkpoints.save(10, {"loop": {"episodes": 10}})
    checkpoints.close()  # on disk
    checkpoints = Checkpoints(directory, lambda path: Path(path).write_text("agent"), keep=None, commit=None)
    (directory / "agent-000015").write_text("a stray file")
    with pytest.raises(GymLoopError) as failed:
        checkpoints.save(15, {"loop": {"episodes": 15}})
        checkpoints.save(20, {"loop": {"episodes": 20}})
        checkpoints.close()
    checkpoints.close()
    assert (directory / "latest").read_text().strip() == "agent-000010"
    assert not (directory / "agent-000020").exists()
    message = str(run_failure(failed.value, tmp_path))
    assert message.startswith(f"Not a directory: {directory / 'agent-000015'}; a file is where that path needs a "
                              "folder: move it away or rename it, then resume with: "), message


def test_a_file_where_a_sweeps_run_folder_goes_is_named_to_move(tmp_path):
    from conftest import run_cli, write_spec, make_spec

    write_spec(tmp_path / "cp.yaml", make_spec("CartPole-v1", max_episodes=2))
    made = run_cli("sweep", "-q", "-c", "cp.yaml", "--seeds", "0-1", "--sweeps-dir", "sws", cwd=tmp_path)
    assert made.returncode == 0, made.stderr
    run = tmp_path / "sws" / "cp" / "runs" / "base" / "seed-1"
    for path in sorted(run.rglob("*"), reverse=True):
        path.unlink() if path.is_file() or path.is_symlink() else path.rmdir()
    run.rmdir()
    run.write_text("a failed copy")
    again = run_cli("sweep", "-q", "sws/cp", cwd=tmp_path)
    assert again.stderr.splitlines()[-1] == (
        "Error: Not a directory: sws/cp/runs/base/seed-1/.lock; sws/cp/runs/base/seed-1 is a file where that path "
        "needs a folder: move it away or rename it, then try again (--debug shows the traceback)"), again.stderr
    run.rename(tmp_path / "moved")
    assert run_cli("sweep", "-q", "sws/cp", cwd=tmp_path).returncode == 0


FULL_DISK = '''
import errno, sys
import gym_loop.sweeps.sweep as sweep
def execute(*args):
    raise OSError(errno.ENOSPC, "No space left on device", "sws/cp/scores.csv")
sweep.execute = execute
from gym_loop.entry import main
sys.argv = ["gym-loop", "-q", "sweep", "sws/cp"]
main()
'''


def test_a_sweep_drivers_own_failed_write_says_how_to_continue(tmp_path):
    import os
    import subprocess
    import sys

    from conftest import run_cli, write_spec, make_spec

    write_spec(tmp_path / "cp.yaml", make_spec("CartPole-v1", max_episodes=2))
    made = run_cli("sweep", "-q", "-c", "cp.yaml", "--seeds", "0-1", "--sweeps-dir", "sws", cwd=tmp_path)
    assert made.returncode == 0, made.stderr
    (tmp_path / "sws" / "cp" / "scores.csv").unlink()
    (tmp_path / "sws" / "cp" / "scores.csv").mkdir()
    again = run_cli("sweep", "-q", "sws/cp", cwd=tmp_path)
    assert again.stderr.splitlines()[-1] == (
        "Error: Is a directory: sws/cp/scores.csv; a folder is where gym-loop writes that file: move it away or rename "
        "it, then continue with: gym-loop sweep sws/cp --retry-failed (--debug shows the traceback)"), again.stderr
    (tmp_path / "sws" / "cp" / "scores.csv").rmdir()
    full = subprocess.run([sys.executable, "-c", FULL_DISK], cwd=tmp_path, capture_output=True, text=True, timeout=60,
                          env={**os.environ, "PYTHONPATH": str(Path(__file__).parent.parent)})
    assert full.returncode == 1
    assert full.stderr.splitlines()[-1] == (
        "Error: No space left on device: sws/cp/scores.csv; free some space on that disk, then continue with: "
        "gym-loop sweep sws/cp --retry-failed (--debug shows the traceback)"), full.stderr
