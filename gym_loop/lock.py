"""An OS lock on a file, held for the life of a process's work: one writer per folder."""

import contextlib
import errno
import fcntl
import logging
import os
import socket
from pathlib import Path
from typing import Iterator, Optional

from gym_loop.errors import GymLoopError, describe, quoted

logger = logging.getLogger(__name__)

# flock refused by the file system, not by another holder: NFS without lockd (ENOLCK), Lustre mounted without
# -o flock (ENOSYS), some FUSE mounts (EOPNOTSUPP)
UNSUPPORTED = {errno.ENOLCK, errno.ENOSYS, errno.EOPNOTSUPP, getattr(errno, "ENOTSUP", errno.EOPNOTSUPP)}
_warned = set()  # the lock files holder() warned of


class Locked(GymLoopError):
    """Another process holds the lock (exit code 3)."""

    exit_code = 3


class Unsupported(GymLoopError):
    """The file system does not support ``flock``: nothing can be locked there."""


@contextlib.contextmanager
def held(path: Path, what: str, wait: bool = False) -> Iterator[None]:
    """Hold an exclusive ``flock`` on ``path`` (created) while the block runs.

    The file records the holder's pid and host, for the message another process gets. The OS
    releases the lock when the process dies, however it dies.

    Args:
        path: The lock file.
        what: What the lock protects, for the message, e.g. ``run folder runs/x``.
        wait: Wait while another process holds it instead of raising :class:`Locked`.

    Raises:
        Locked: Another process holds it; the message names that process.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        file = open(path, "a+b", buffering=0)  # unbuffered: nothing left to write when it closes
    except IsADirectoryError as error:
        raise GymLoopError(_unusable(path, error)) from error
    with file:
        try:
            fcntl.flock(file, fcntl.LOCK_EX if wait else fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            file.seek(0)
            holder = file.read().decode("utf-8", "replace").strip() or "another process"
            raise Locked(f"{what} is in use by {holder}; wait for it to end or stop it first") from None
        except OSError as error:
            if error.errno not in UNSUPPORTED:
                raise
            raise Unsupported(f"cannot lock {path}: {error.strerror}: this file system does not support flock (NFS "
                              f"without lockd, Lustre mounted without -o flock); put the folder on a file system "
                              f"that does (a local disk, Lustre with -o flock)") from None
        with contextlib.suppress(OSError):  # a full disk: the lock holds, unnamed ("another process")
            file.truncate(0)
            file.write(f"pid {os.getpid()} on {socket.gethostname()}".encode("utf-8"))
        try:
            yield
        finally:
            with contextlib.suppress(OSError):
                file.truncate(0)


def holder(path: Path) -> Optional[str]:
    """Who holds the lock on ``path`` (``pid N on HOST``), or None when nobody does.

    Asks with a shared lock, dropped at once as the file closes, so it never waits; a writer trying to
    take the lock in that instant is refused as if the reader held it. On a file system without ``flock``
    (:data:`UNSUPPORTED`) the file's text says it, with a warning: a holder empties it as it ends, not as it dies.
    """
    try:
        file = open(path, "r", encoding="utf-8")
    except FileNotFoundError:
        return None
    except OSError as error:  # a folder, or another user's file: say which, and how to go on
        raise GymLoopError(_unusable(path, error)) from error
    with file:
        try:
            fcntl.flock(file, fcntl.LOCK_SH | fcntl.LOCK_NB)
        except BlockingIOError:
            return file.read().strip() or "another process"
        except OSError as error:
            if error.errno not in UNSUPPORTED:
                raise
            if str(path) not in _warned:
                _warned.add(str(path))
                logger.warning("cannot tell whether the process of %s is alive: %s (this file system does not "
                               "support flock); taken as its lock file says; look on a machine whose mount has "
                               "locks for a true answer", path, error.strerror)
            return file.read().strip() or None
    return None


def _unusable(path: Path, error: OSError) -> str:
    if error.errno == errno.ENOTDIR:  # a file where its folder goes (a run folder, a sweep's): that file is to move
        return f"{describe(error, path)}, then try again"
    return f"the lock file {path} cannot be used ({error.strerror}); remove it (rm -r {quoted(path)}): it is made again"
