"""A file system without flock (NFS without lockd: ENOLCK; Lustre without -o flock: ENOSYS): one line naming the
lock file and the way on, no folder left holding only .lock (tester13f-4); a reader there gets the status the lock
file says, not a traceback (tester13f-5)."""

import errno
import json
import os

import pytest
import yaml

from conftest import make_spec, run_cli
from gym_loop import lock
from gym_loop.run_folder import RunFolder

NO_FLOCK = """
import errno, fcntl, os

def flock(fd, operation):
    raise OSError(errno.ENOSYS, os.strerror(errno.ENOSYS))

fcntl.flock = flock
"""


@pytest.fixture
def no_flock(monkeypatch):
    def flock(fd, operation):
        raise OSError(errno.ENOLCK, os.strerror(errno.ENOLCK))

    monkeypatch.setattr(lock.fcntl, "flock", flock)


def test_train_says_the_file_system_has_no_locks_and_leaves_no_folder(tmp_path):
    (tmp_path / "run.yaml").write_text(yaml.safe_dump(make_spec(max_episodes=1)))
    (tmp_path / "site").mkdir()
    (tmp_path / "site" / "sitecustomize.py").write_text(NO_FLOCK)
    path = os.pathsep.join(filter(None, [str(tmp_path / "site"), os.environ.get("PYTHONPATH")]))
    for where in (["--run-dir", "a/r"], ["--runs-dir", "b"]):
        result = run_cli("train", "-c", "run.yaml", *where, "-q", cwd=tmp_path, env={"PYTHONPATH": path})
        assert result.returncode == 1, result.stderr
        assert result.stderr.splitlines()[-1].startswith(f"Error: cannot lock {where[1]}/")
        assert result.stderr.splitlines()[-1].endswith(
            "/.lock: Function not implemented: this file system does not support flock (NFS without lockd, Lustre "
            "mounted without -o flock); put the folder on a file system that does (a local disk, Lustre with "
            "-o flock)")
    assert sorted(os.listdir(tmp_path)) == ["run.yaml", "site"]


def test_a_reader_without_flock_takes_the_lock_file_as_it_says(tmp_path, caplog, no_flock):
    run = tmp_path / "r"
    run.mkdir()
    (run / "run.json").write_text(json.dumps({"status": "running"}))
    (run / ".lock").write_text("pid 42 on node1")  # a writer on a node whose mount has locks
    assert RunFolder(run).status() == "running"
    assert lock.holder(run / ".lock") == "pid 42 on node1"
    assert [record.getMessage() for record in caplog.records] == [
        f"cannot tell whether the process of {run / '.lock'} is alive: No locks available (this file system does not "
        "support flock); taken as its lock file says; look on a machine whose mount has locks for a true answer"]
    (run / ".lock").write_text("")  # the writer ended (emptied it)
    assert RunFolder(run).status() == "died"
