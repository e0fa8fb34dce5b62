"""A CSV file that a run appends rows to, each row on disk within half a second (``tail -f`` works)."""

import csv
import os
from pathlib import Path
from typing import Callable, Optional, Sequence

from gym_loop.files import write_atomically
from gym_loop.sinks import Sink
from gym_loop.sinks.flush_soon import FlushSoon


class CsvFile(Sink):
    """The CSV sinks' base: appends rows to ``path``, each on disk (flushed to the OS) within half a second
    (:class:`~gym_loop.sinks.flush_soon.FlushSoon`).

    Args:
        path: The file; with ``keep``, continued: the old rows ``keep`` accepts stay (a resumed run drops what
            an earlier attempt wrote after its checkpoint), so ``tail -f`` follows the resumed run; else
            written anew with ``header``.
        header: The column names.
        keep: Which old rows (as lists of strings) to keep; None keeps none.
    """

    def __init__(self, path: Path, header: Sequence[str], keep: Callable[[list], bool] = None):
        path = Path(path)
        end = _kept_end(path, header, keep) if keep is not None and path.exists() else None
        if end is not None:  # the kept rows come first: cut off the rest in place (nothing is written if none)
            # One truncate, done or not if the machine dies: either way the file holds the kept rows whole
            # (the next resume cuts again). Rewriting in place could lose kept rows; a new file (below)
            # would lose readers following this one (tail -f, a notebook keeping its offset).
            if end < path.stat().st_size:
                os.truncate(path, end)
        else:  # a new run, or rows to keep after one dropped (a stray row): the whole file, through a temporary
            kept = [] if keep is None or not path.exists() else [
                row for row in complete_rows(path, len(header)) if row[0].isdigit() and keep(row)]
            write_atomically(path, "".join(",".join(row) + "\n" for row in [list(header), *kept]))
        self._file = FlushSoon(path.open("ab"))

    def write(self, text: str) -> None:
        """Append ``text`` (whole lines); it is on disk within half a second."""
        self._file.file.write(text.encode())
        self._file.written()

    def flush(self) -> None:
        self._file.file.flush()

    def close(self) -> None:
        self._file.close()


def _kept_end(path: Path, header: Sequence[str], keep: Callable[[list], bool]) -> Optional[int]:
    """Where in ``path`` the rows to keep end (in bytes) when they come first, right after ``header``, and
    every row after them is dropped (as :func:`complete_rows` and ``keep`` would); else None."""
    *lines, _ = path.read_bytes().split(b"\n")  # after the last newline: a line cut short, dropped
    if not lines or lines[0] != ",".join(header).encode():
        return None
    rows = csv.reader(line.decode("utf-8", errors="replace") for line in lines[1:])  # a row a line: none is quoted

    def kept(row: list) -> bool:
        return len(row) == len(header) and row[0].isdigit() and keep(row)

    end = len(lines[0]) + 1
    for line, row in zip(lines[1:], rows):
        if not kept(row):  # the first row dropped: the rest must be dropped too
            return None if any(kept(row) for row in rows) else end
        end += len(line) + 1
    return end


def complete_rows(path: Path, width: int) -> list:
    """The rows of ``path`` that were written whole: a last line without its newline (cut short
    by a crash or a full disk) and rows of another width are left out."""
    lines = path.read_text(encoding="utf-8", errors="replace").splitlines(keepends=True)
    whole = [line for line in lines if line.endswith("\n")]
    return [row for row in csv.reader(whole) if len(row) == width]
