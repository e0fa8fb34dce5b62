"""A CSV file that a run appends rows to, on disk within about a second of each row (``tail -f`` works)."""

import csv
import threading
from pathlib import Path
from typing import Callable, Sequence

from gym_loop.files import write_atomically
from gym_loop.sinks import Sink

FLUSH_SECONDS = 0.5


class CsvFile(Sink):
    """The CSV sinks' base: appends rows to ``path``; a daemon thread flushes the file every :data:`FLUSH_SECONDS`.

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
        self._file = path.open("ab")  # binary and buffered: its lock makes the flushing thread safe
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._flush_periodically, daemon=True, name=f"flush {path.name}")
        self._thread.start()

    def write(self, text: str) -> None:
        """Append ``text`` (whole lines)."""
        self._file.write(text.encode())

    def flush(self) -> None:
        self._file.flush()

    def close(self) -> None:
        self._stop.set()
        self._thread.join()
        self._file.close()

    def _flush_periodically(self) -> None:
        while not self._stop.wait(FLUSH_SECONDS):
            try:
                self._file.flush()
            except (OSError, ValueError):  # closed, or the disk is full: the next write or close reports it
                return


def _complete_rows(path: Path, width: int) -> list:
    """The rows of ``path`` that were written whole: a last line without its newline (cut short
    by a crash or a full disk) and rows of another width are left out."""
    lines = path.read_text(encoding="utf-8", errors="replace").splitlines(keepends=True)
    whole = [line for line in lines if line.endswith("\n")]
    return [row for row in csv.reader(whole) if len(row) == width]
