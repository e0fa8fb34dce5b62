"""Repair an Optuna journal file whose write was cut short (a full disk, a file size limit, a kill).

Optuna's ``JournalFileBackend`` appends one JSON record per line. A write cut short leaves a last
line without its newline: Optuna's reader skips it, but its next append would be joined onto it,
and from then on the journal cannot be read (a ``JSONDecodeError`` at every start). This module
drops such a cut record before the study is opened, and splits off a record already joined onto one
(a journal that an older gym-loop, or another program, kept appending to), under the journal's own
lock (Optuna's ``JournalFileSymlinkLock``), so that no worker of another tune sharing the file writes meanwhile.
"""

import contextlib
import json
import logging
import os
from pathlib import Path
from typing import Iterator, Optional

from gym_loop.errors import SpecError
from gym_loop.files import write_atomically

logger = logging.getLogger(__name__)

RECORD_START = b'{"op_code":'  # how Optuna writes every record; inside a JSON string the quotes are escaped


def refuse_not_journal(path: Path) -> None:
    """Refuse a ``--storage`` file that is no Optuna journal at all (its first line is no record): a file of the
    user's named by a slip (``--storage results.csv``), which a tune must neither write to nor call damaged.

    Args:
        path: The ``--storage`` file (missing or empty: a new journal, nothing to check).

    Raises:
        SpecError: Its first line does not start as every journal record does.
    """
    path = Path(path)
    if not path.is_file() or path.stat().st_size == 0:
        return
    with path.open("rb") as file:
        first = file.read(len(RECORD_START))
    if first != RECORD_START:
        raise SpecError("--storage", f"{path} is not an Optuna journal (line 1 is not a journal record); give the "
                                     "path of a journal file (a new one is made) or a database URL")


def repair_journal(path: Path) -> None:
    """Make the journal file ``path`` readable again after a write was cut short, saying what was dropped.

    Args:
        path: The journal file (missing or empty: nothing to do).

    Raises:
        SpecError: A line is not a journal record and cannot be repaired: it names the line.
    """
    path = Path(path)
    if not path.is_file() or path.stat().st_size == 0:
        return
    with _journal_lock(path):
        lines = path.read_bytes().splitlines(keepends=True)
        cut = not lines[-1].endswith(b"\n")
        if cut:
            lines.pop()
            logger.warning("%s: dropped its last record, which a write cut short (a full disk?) left "
                           "unfinished; the study goes on without it", path)
        repaired = [_whole(line, number, path) for number, line in enumerate(lines, start=1)]
        if repaired != lines:
            write_atomically(path, b"".join(repaired).decode("utf-8"))
        elif cut:  # the records before stay where they are, for readers that remember their offsets
            os.truncate(path, sum(map(len, lines)))


def _whole(line: bytes, number: int, path: Path) -> bytes:
    """``line`` if it is a record; else the whole record a later write joined onto a cut one."""
    if _record(line) is not None:
        return line
    start = line.rfind(RECORD_START)
    if start > 0 and _record(line[start:]) is not None:
        logger.warning("%s: line %d: dropped a record a write cut short (a full disk?), kept the record "
                       "written after it", path, number)
        return line[start:]
    raise SpecError("", f"cannot read {path}: line {number} is not an Optuna journal record; restore the file "
                        "from a copy, or give a new --name for a new tune")


def _record(line: bytes) -> Optional[dict]:
    try:
        record = json.loads(line)
    except ValueError:
        return None
    return record if isinstance(record, dict) and "op_code" in record else None


@contextlib.contextmanager
def _journal_lock(path: Path) -> Iterator[None]:
    """Optuna's own lock of the journal file, which its appends take."""
    from optuna.storages.journal import JournalFileSymlinkLock

    lock = JournalFileSymlinkLock(str(path))
    lock.acquire()  # waits for the lock
    try:
        yield
    finally:
        lock.release()

