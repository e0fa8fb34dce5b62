"""A CSV file that a run appends rows to, each row on disk within half a second (``tail -f`` works)."""

import csv
import threading
from pathlib import Path
from typing import Callable, Optional, Sequence

from gym_loop.files import write_atomically
from gym_loop.sinks import Sink

FLUSH_SECONDS = 0.5  # a row written waits at most this long to be flushed to the OS


class CsvFile(Sink):
    """The CSV sinks' base: appends rows to ``path``, each on disk (flushed to the OS) within :data:`FLUSH_SECONDS`.

    A write that finds nothing waiting starts a timer thread that flushes :data:`FLUSH_SECONDS`
    later, so rows written meanwhile share one system call: at most two flushes and two thread
    wake-ups a second, where flushing every write made a system call per episode under
    DefaultLoop (timed alone on a loaded machine, a row cost 66 us with it, 35 without;
    docs/performance.rst).

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
        self._file = path.open("ab")
        self._lock = threading.Lock()  # the timer's flush against close
        self._timer: Optional[threading.Timer] = None  # a flush to come, once something waits for one
        self._failed: Optional[OSError] = None  # the timer's flush error, raised in the run's thread

    def write(self, text: str) -> None:
        """Append ``text`` (whole lines); it is on disk within :data:`FLUSH_SECONDS`."""
        if self._failed is not None:
            raise self._failed
        self._file.write(text.encode())
        if self._timer is not None:  # a flush is to come (the timer clears it before flushing): no lock, 2,000
            return  # instructions a row fewer (of 16,000)
        with self._lock:
            if self._timer is None:
                self._timer = threading.Timer(FLUSH_SECONDS, self._flush_waiting)
                self._timer.daemon = True
                self._timer.start()

    def flush(self) -> None:
        self._file.flush()

    def close(self) -> None:
        with self._lock:
            if self._timer is not None:
                self._timer.cancel()
            self._file.close()  # flushes

    def _flush_waiting(self) -> None:
        """In the timer's thread: flush what was written since the last flush."""
        with self._lock:
            self._timer = None
            if not self._file.closed:
                try:
                    self._file.flush()
                except OSError as error:  # e.g. a full disk: the run fails at its next write, not this thread
                    self._failed = error


def complete_rows(path: Path, width: int) -> list:
    """The rows of ``path`` that were written whole: a last line without its newline (cut short
    by a crash or a full disk) and rows of another width are left out."""
    lines = path.read_text(encoding="utf-8", errors="replace").splitlines(keepends=True)
    whole = [line for line in lines if line.endswith("\n")]
    return [row for row in csv.reader(whole) if len(row) == width]
