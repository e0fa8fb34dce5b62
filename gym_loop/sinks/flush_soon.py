"""A file that what is written to reaches the OS within half a second (``tail -f`` and TensorBoard see it)."""

import threading
from typing import BinaryIO, Optional

FLUSH_SECONDS = 0.5  # a write waits at most this long to be flushed to the OS


class FlushSoon:
    """Flushes ``file`` :data:`FLUSH_SECONDS` after a write that found nothing waiting.

    A write that finds nothing waiting starts a timer thread that flushes :data:`FLUSH_SECONDS`
    later, so writes meanwhile share one system call: at most two flushes and two thread
    wake-ups a second, where flushing every write made a system call per episode under
    DefaultLoop (timed alone on a loaded machine, a CSV row cost 66 us with it, 35 without;
    docs/performance.rst). The writer calls :meth:`written` after writing to ``file`` itself.
    """

    def __init__(self, file: BinaryIO):
        self.file = file
        self._lock = threading.Lock()  # the timer's flush against close
        self._timer: Optional[threading.Timer] = None  # a flush to come, once something waits for one
        self._failed: Optional[OSError] = None  # the timer's flush error, raised in the run's thread

    def written(self) -> None:
        """Something was written to ``file``: it is on disk within :data:`FLUSH_SECONDS`."""
        if self._failed is not None:
            raise self._failed
        if self._timer is not None:  # a flush is to come (the timer clears it before flushing): no lock, 2,000
            return  # instructions a CSV row fewer (of 16,000)
        with self._lock:
            if self._timer is None:
                self._timer = threading.Timer(FLUSH_SECONDS, self._flush_waiting)
                self._timer.daemon = True
                self._timer.start()

    def close(self) -> None:
        with self._lock:
            if self._timer is not None:
                self._timer.cancel()
            self.file.close()  # flushes

    def _flush_waiting(self) -> None:
        """In the timer's thread: flush what was written since the last flush."""
        with self._lock:
            self._timer = None
            if not self.file.closed:
                try:
                    self.file.flush()
                except OSError as error:  # e.g. a full disk: the run fails at its next write, not this thread
                    self._failed = error
