"""tune --storage that cannot be opened: one line naming the option and the fix, exit 2, no tune folder left
(tester9e-14)."""

import pytest

from conftest import run_cli
from test_tune import SPACE, frozen_lake, write_space

pytest.importorskip("optuna")


@pytest.mark.parametrize("storage, words", [
    ("postgresql://x@nohost/db", "--storage: postgresql://x@nohost/db needs the database driver 'psycopg'"),
    ("sqlite:////nonexistent/x.db", "--storage: cannot open sqlite:////nonexistent/x.db: unable to open database "
                                    "file; give a URL of a database that exists"),
    ("redis://x", "--storage: redis://x is not a database URL SQLAlchemy knows (no dialect 'redis')"),
    ("adir", "--storage: adir is a folder; give a journal file's path (a new one is made) or a database URL"),
    ("nodir/j.log", "--storage: nodir/j.log is in a folder that does not exist (nodir); create it, or give a path "
                    "in an existing folder"),
])
def test_storage_that_cannot_be_opened(tmp_path, storage, words):
    (tmp_path / "adir").mkdir()
    spec, space = frozen_lake(tmp_path), write_space(tmp_path, SPACE)
    result = run_cli("tune", "-c", spec, "--space", space, "--trials", 1, "--seeds", 0, "--storage", storage,
                     cwd=tmp_path)
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: " + words), result.stderr
    assert not (tmp_path / "tunes").exists() or not any((tmp_path / "tunes").iterdir())
