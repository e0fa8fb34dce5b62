"""A CSV file that a run appends rows to, each row on disk within half a second (``tail -f`` works)."""

import csv
from pathlib import Path
from typing import Callable, Sequence

from gym_loop.files import write_atomically
from gym_loop.sinks import Sink
from gym_loop.sinks.flush_soon import FlushSoon


class CsvFile(Sink):
    """The CSV sinks' base: appends rows to ``path``, each on disk (flushed to the OS) within half a second
    (:class:`~gym_loop.sinks.flush_soon.FlushSoon`).

    Args:
        path: The file; rewritten at start with ``header`` and the old rows ``keep`` accepts
            (a resumed run drops what an earlier attempt wrote after its checkpoint).
        header: The column names.
        keep: Which old rows (as lists of strings) to keep; None keeps none.
    """

    def __init__(self, path: Path, header: Sequence[str], keep: Callable[[list], bool] = None):
        path = Path(path)
        kept = []
        if keep is not None and path.exists():
            kept = [row for row in complete_rows(path, len(header)) if row[0].isdigit() and keep(row)]
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


def complete_rows(path: Path, width: int) -> list:
    """The rows of ``path`` that were written whole: a last line without its newline (cut short
    by a crash or a full disk) and rows of another width are left out."""
    lines = path.read_text(encoding="utf-8", errors="replace").splitlines(keepends=True)
    whole = [line for line in lines if line.endswith("\n")]
    return [row for row in csv.reader(whole) if len(row) == width]
