"""A CSV file that a run appends rows to, each row on disk within half a second (``tail -f`` works)."""

import csv
import os
from pathlib import Path
from typing import Callable, Iterator, Optional, Sequence

from gym_loop.files import write_atomically, written_rows
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
            width = header_width(path, header) if keep is not None and path.exists() else len(header)
            kept = [] if keep is None or not path.exists() else [  # an older file's rows: empty added columns
                row + [""] * (len(header) - width) for row in complete_rows(path, width) if row[0].isdigit()
                and keep(row)]
            write_atomically(path, "".join(",".join(row) + "\n" for row in [list(header), *kept]))
        self._file = FlushSoon(path.open("ab"))

    def write(self, text: str) -> None:
        """Append ``text`` (whole lines); it is on disk within half a second."""
        self._file.file.write(text.encode())
        self._file.written()

    def flush(self) -> None:
        self._file.flush()

    def close(self) -> None:
        self._file.close()


def _kept_end(path: Path, header: Sequence[str], keep: Callable[[list], bool]) -> Optional[int]:
    """Where in ``path`` the rows to keep end (in bytes) when they come first, right after ``header``, and
    every row after them is dropped (as :func:`complete_rows` and ``keep`` would); else None. Streamed: a long
    run's file costs no memory."""
    def kept(row: list) -> bool:
        return len(row) == len(header) and row[0].isdigit() and keep(row)

    with path.open("rb") as file:
        lines = (line for line in file if line.endswith(b"\n"))  # a line cut short (the last) is dropped
        first = next(lines, b"")
        if first != ",".join(header).encode() + b"\n":
            return None
        end = len(first)
        # A row a line: none is quoted.
        rows = ((line, next(csv.reader([line.decode("utf-8", errors="replace")]), [])) for line in lines)
        for line, row in rows:
            if not kept(row):  # the first row dropped: the rest must be dropped too
                return None if any(kept(row) for _, row in rows) else end
            end += len(line)
    return end


def header_width(path: Path, header: Sequence[str]) -> int:
    """How many columns the rows of ``path`` have: its header's, if it is ``header`` without columns added at the
    end since (``evals.csv`` before ``n``), else ``header``'s."""
    with path.open(encoding="utf-8", errors="replace") as file:
        first = next(csv.reader([file.readline()]), [])
    return len(first) if 0 < len(first) < len(header) and list(header[:len(first)]) == first else len(header)


def complete_rows(path: Path, width: int) -> Iterator[list]:
    """The rows of ``path`` that were written whole, streamed: a last line without its newline (cut short
    by a crash or a full disk) and rows of another width are left out."""
    with path.open(encoding="utf-8", errors="replace") as file:
        yield from (row for row in written_rows(file) if len(row) == width)
