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
