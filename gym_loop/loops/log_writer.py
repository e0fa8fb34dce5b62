"""The files of an episode log, TensorBoard events and the CSV, written by a child process, so
that the training loop only hands over numbers.

The loop hands over one record per episode or group of episodes logged together (see
:meth:`LogWriter.add`); the child turns them into one event per episode, protobufs encoded and
framed with their checksums a batch at a time with NumPy (:mod:`.event_proto`, :mod:`.tfrecord`),
and one CSV row per episode. Records are sent over a pipe once they hold ``SEND_EVERY`` events or
``SEND_AFTER`` seconds passed since the last send, on :meth:`LogWriter.flush` (before each
checkpoint) and on close. The time limit lets TensorBoard follow a slow run and keeps short what
a checkpoint waits for the child to write. Where processes cannot be forked, the files are
written in this process instead.

The child is a bare ``os.fork``, not a ``multiprocessing.Process``: it ignores Ctrl-C and SIGTERM
(they reach the whole process group; the parent decides when writing ends), which
``multiprocessing``'s exit handler, terminating children with SIGTERM, would wait on forever.
If the parent dies, the child sees the pipe close and exits.
"""

import os
import signal
import socket
import time
from itertools import chain, groupby
from multiprocessing.connection import Pipe
from pathlib import Path
from typing import Any, Dict, List, Optional, Sequence, Tuple

import numpy as np

from gym_loop.errors import GymLoopError
from gym_loop.loops.event_proto import file_version_event, scalar_events, session_start_event
from gym_loop.loops.tfrecord import frame, frame_rows

SEND_EVERY, SEND_AFTER = 1024, 0.1  # events, or seconds since the last send
CSV_COLUMNS = ("episode", "global_step", "return", "length", "seconds")
CSV_ROW = "%d,%d,%r,%d,%.3f\n"
RETURN, LENGTH = "episode/return", "episode/length"  # the columns the CSV rows take their return and length from
# (step, wall time, scalars, columns, csv), as LogWriter.add takes them
Record = Tuple[int, float, Dict[str, float], Optional[Dict[str, Sequence[float]]],
               Optional[Tuple[Sequence[int], float]]]


class LogWriter:
    """Writes scalar events to one new event file in ``logdir`` and, given ``csv_path``, rows to that CSV file.

    Args:
        logdir: TensorBoard log directory (created).
        first_episode: For a resumed run, the step from which TensorBoard must hide what an
            earlier attempt logged; 0 otherwise.
        csv_path: An existing CSV file to append a row to for each episode; None for no CSV.
    """

    def __init__(self, logdir: str, first_episode: int = 0, csv_path: Optional[str] = None):
        Path(logdir).mkdir(parents=True, exist_ok=True)
        # The suffix keeps two writers in one second from sharing a file, and sorts a resumed
        # run's file after the one it continues, as TensorBoard's purge step needs.
        target = (str(Path(logdir) / "events"), f".{first_episode:09d}.{time.time_ns()}", first_episode, csv_path)
        self._pending: List[Record] = []
        self._pending_events, self._sent_at = 0, time.time()
        self._files: Optional[_LogFiles] = None
        if not hasattr(os, "fork"):
            self._files = _LogFiles(*target)
            return
        self._pipe, child_end = Pipe()
        self._child = os.fork()
        if self._child == 0:
            self._pipe.close()
            _serve(child_end, *target)  # never returns
        child_end.close()

    def add(self, step: int, scalars: Dict[str, float], columns: Optional[Dict[str, Sequence[float]]] = None,
            csv: Optional[Tuple[Sequence[int], float]] = None) -> None:
        """Log ``scalars`` at ``step`` as one event or, with ``columns``, as one event per row of the columns.

        Args:
            step: The step of the first event; event ``i`` of the columns is at ``step + i``.
            scalars: What every event carries.
            columns: What each event carries of its own: a list of values per name, all as long.
            csv: ``(global_steps, seconds)`` to write, if there is a CSV file, one row per event
                with its global step, ``episode/return`` and ``episode/length``.
        """
        wall_time = time.time()
        self._pending.append((step, wall_time, scalars, columns, csv))
        self._pending_events += _events_in(columns)
        if self._pending_events >= SEND_EVERY or wall_time - self._sent_at >= SEND_AFTER:
            self._send()

    def flush(self) -> None:
        """Return once everything added so far is on disk."""
        self._send()
        if self._files is not None:
            self._files.flush()
            return
        self._request("flush")

    def close(self) -> None:
        """Write what is left and close the files."""
        if self._files is not None:
            try:
                self._send()
            finally:
                self._files.close()
            return
        try:
            self._send()
            self._request("close")
        finally:
            self._pipe.close()
            os.waitpid(self._child, 0)

    def _send(self) -> None:
        if not self._pending:
            return
        if self._files is not None:
            self._files.write(self._pending)
        else:
            try:
                self._pipe.send(self._pending)
            except OSError as error:
                raise GymLoopError(f"the log writer process stopped: {error}") from error
        self._pending, self._pending_events, self._sent_at = [], 0, time.time()

    def _request(self, command: str) -> None:
        try:
            self._pipe.send(command)
            answer = self._pipe.recv()
        except (OSError, EOFError) as error:
            raise GymLoopError(f"the log writer process stopped: {error}") from error
        if answer != "done":
            raise GymLoopError(f"writing the logs failed: {answer}")


class _LogFiles:
    """One event file and the CSV file, written a batch of records at a time."""

    def __init__(self, prefix: str, suffix: str, first_episode: int, csv_path: Optional[str]):
        # The file name TensorBoard looks for, as tensorboardX's EventsWriter makes it.
        self._events = open(f"{prefix}.out.tfevents.{int(time.time())}.{socket.gethostname()}{suffix}", "wb")
        self._csv = open(csv_path, "a", newline="", encoding="utf-8") if csv_path else None
        opening = [file_version_event(time.time())]
        if first_episode:  # TensorBoard hides the points an earlier attempt logged from here on
            opening.append(session_start_event(first_episode))
        self._events.write(frame(opening))

    def write(self, records: List[Record]) -> None:
        # Each run of records with the same columns and scalars is encoded in one go.
        self._events.write(b"".join(frame_rows(events) for layout, run in groupby(records, key=_layout)
                                    for events in scalar_events(*_table(*layout, list(run)))))
        if self._csv is None:
            return
        rows = []
        for step, _, _, columns, csv in records:
            if csv is not None:
                global_steps, seconds = csv
                rows += [CSV_ROW % (step + offset, global_step, float(total_reward), length, seconds)
                         for offset, (global_step, total_reward, length)
                         in enumerate(zip(global_steps, columns[RETURN], columns[LENGTH]))]
        self._csv.write("".join(rows))

    def flush(self) -> None:
        self._events.flush()
        os.fsync(self._events.fileno())
        if self._csv is not None:
            self._csv.flush()

    def close(self) -> None:
        try:
            self.flush()
        finally:
            self._events.close()
            if self._csv is not None:
                self._csv.close()


def _events_in(columns: Optional[Dict[str, Sequence[float]]]) -> int:
    """How many events a record makes: one per row of its columns, or one without columns."""
    return len(next(iter(columns.values()))) if columns else 1


def _layout(record: Record) -> Tuple[Tuple[str, ...], Tuple[str, ...]]:
    """The names of a record's columns and of its scalars."""
    _, _, scalars, columns, _ = record
    return tuple(columns or ()), tuple(scalars)


def _table(column_tags: Tuple[str, ...], scalar_tags: Tuple[str, ...],
           records: List[Record]) -> Tuple[np.ndarray, np.ndarray, Tuple[str, ...], np.ndarray]:
    """Records of one layout as :func:`.scalar_events` takes them: steps, wall times, tags, values."""
    counts = np.array([_events_in(columns) for _, _, _, columns, _ in records])
    row_in_record = np.arange(counts.sum()) - np.repeat(np.cumsum(counts) - counts, counts)
    steps = np.repeat([step for step, *_ in records], counts) + row_in_record
    values = np.empty((len(steps), len(column_tags) + len(scalar_tags)))
    for index, tag in enumerate(column_tags):
        values[:, index] = list(chain.from_iterable(columns[tag] for _, _, _, columns, _ in records))
    for index, tag in enumerate(scalar_tags, len(column_tags)):
        values[:, index] = np.repeat([scalars[tag] for _, _, scalars, _, _ in records], counts)
    wall_times = np.repeat([wall_time for _, wall_time, *_ in records], counts)
    return steps, wall_times, column_tags + scalar_tags, values


def _serve(pipe: Any, prefix: str, suffix: str, first_episode: int, csv_path: Optional[str]) -> None:
    """The child process: write batches until told to close or the parent is gone; then exit.

    After a failure it keeps reading, and answers every flush and close with the error.
    """
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    try:
        _write_until_closed(pipe, prefix, suffix, first_episode, csv_path)
    finally:
        os._exit(0)  # not the parent's exit handlers, nor its buffered output


def _write_until_closed(pipe: Any, prefix: str, suffix: str, first_episode: int, csv_path: Optional[str]) -> None:
    files, failure = None, None
    try:
        files = _LogFiles(prefix, suffix, first_episode, csv_path)
    except Exception as error:
        failure = f"{type(error).__name__}: {error}"
    while True:
        try:
            message = pipe.recv()
        except EOFError:  # the parent died: keep what arrived
            break
        try:
            if failure is None and message == "flush":
                files.flush()
            elif failure is None and message == "close":
                files.close()
            elif failure is None and isinstance(message, list):
                files.write(message)
        except Exception as error:
            failure = f"{type(error).__name__}: {error}"
        if message in ("flush", "close"):
            pipe.send(failure or "done")
        if message == "close":
            return
    if files is not None and failure is None:
        files.close()
