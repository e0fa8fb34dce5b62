"""A CSV file that a run appends rows to, each write on disk at once (``tail -f`` works)."""

import csv
from pathlib import Path
from typing import Callable, Sequence

from gym_loop.files import write_atomically


class CsvFile:
    """Appends rows to ``path``, flushing each write to the OS.

    A run writes a batch of rows at a time (one episode under DefaultLoop, at least ``num_envs``
    or 0.25 s of them under VectorLoop): a system call per batch. A thread flushing every 0.5 s
    cost training more, each wake-up taking the GIL from it (docs/performance.rst).

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
            kept = [row for row in _complete_rows(path, len(header)) if row[0].isdigit() and keep(row)]
        write_atomically(path, "".join(",".join(row) + "\n" for row in [list(header), *kept]))
        self._file = path.open("ab")

    def write(self, text: str) -> None:
        """Append ``text`` (whole lines)."""
        self._file.write(text.encode())
        self._file.flush()

    def flush(self) -> None:
        self._file.flush()

    def close(self) -> None:
        self._file.close()


def _complete_rows(path: Path, width: int) -> list:
    """The rows of ``path`` that were written whole: a last line without its newline (cut short
    by a crash or a full disk) and rows of another width are left out."""
    lines = path.read_text(encoding="utf-8", errors="replace").splitlines(keepends=True)
    whole = [line for line in lines if line.endswith("\n")]
    return [row for row in csv.reader(whole) if len(row) == width]
