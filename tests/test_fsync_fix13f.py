"""A file system that refuses fsync on a directory (EINVAL, as POSIX allows) saves checkpoints all the same
(tester13f-6); a file's fsync failing still fails the save."""

import errno
import os
import stat

import pytest

from gym_loop import run_checkpoints


def refusing(directories_only):
    real = os.fsync

    def fsync(descriptor):
        if stat.S_ISDIR(os.fstat(descriptor).st_mode) or not directories_only:
            raise OSError(errno.EINVAL, os.strerror(errno.EINVAL))
        return real(descriptor)

    return fsync


def test_a_directory_fsync_refused_is_let_be(tmp_path, monkeypatch):
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "f").write_text("x")
    monkeypatch.setattr(os, "fsync", refusing(directories_only=True))
    run_checkpoints._fsync_tree(tmp_path)


def test_a_file_fsync_refused_still_fails(tmp_path, monkeypatch):
    (tmp_path / "f").write_text("x")
    monkeypatch.setattr(os, "fsync", refusing(directories_only=False))
    with pytest.raises(OSError):
        run_checkpoints._fsync_tree(tmp_path)
