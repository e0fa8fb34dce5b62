"""TensorBoard event files written by a child process, so that the training loop only hands over numbers.

Each event is a protobuf record with two checksums, computed for a whole batch at once
(:mod:`.tfrecord`).
The loop appends ``(step, wall time, scalars)`` to a list and sends the list over a pipe every
``SEND_EVERY`` events, on :meth:`EventWriter.flush` (before each checkpoint) and on close.
Where processes cannot be forked, the events are written in this process instead.

The child is a bare ``os.fork``, not a ``multiprocessing.Process``: it ignores Ctrl-C and SIGTERM
(they reach the whole process group; the parent decides when writing ends), which
``multiprocessing``'s exit handler, terminating children with SIGTERM, would wait on forever.
If the parent dies, the child sees the pipe close and exits.
"""

import os
import signal
import socket
import sys
import time
from multiprocessing.connection import Pipe
from pathlib import Path
from typing import Any, Dict, List, Optional, Tuple

from gym_loop.errors import GymLoopError
from gym_loop.loops.tfrecord import frame

SEND_EVERY = 256
Batch = List[Tuple[int, float, Dict[str, float]]]


class EventWriter:
    """Writes scalar events to one new event file in ``logdir``.

    Args:
        logdir: TensorBoard log directory (created).
        first_episode: For a resumed run, the step from which TensorBoard must hide what an
            earlier attempt logged; 0 otherwise.
    """

    def __init__(self, logdir: str, first_episode: int = 0):
        Path(logdir).mkdir(parents=True, exist_ok=True)
        # The suffix keeps two writers in one second from sharing a file, and sorts a resumed
        # run's file after the one it continues, as TensorBoard's purge step needs.
        target = (str(Path(logdir) / "events"), f".{first_episode:09d}.{time.time_ns()}", first_episode)
        self._pending: Batch = []
        self._file: Optional[_EventFile] = None
        if not hasattr(os, "fork"):
            self._file = _EventFile(*target)
            return
        self._pipe, child_end = Pipe()
        self._child = os.fork()
        if self._child == 0:
            self._pipe.close()
            _serve(child_end, *target)  # never returns
        child_end.close()

    def add(self, step: int, values: Dict[str, float]) -> None:
        """Log ``values`` at ``step``, as one event."""
        self._pending.append((step, time.time(), values))
        if len(self._pending) >= SEND_EVERY:
            self._send()

    def flush(self) -> None:
        """Return once everything added so far is on disk."""
        self._send()
        if self._file is not None:
            self._file.flush()
            return
        self._request("flush")

    def close(self) -> None:
        """Write what is left and close the file."""
        if self._file is not None:
            try:
                self._send()
            finally:
                self._file.close()
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
        if self._file is not None:
            self._file.write(self._pending)
        else:
            try:
                self._pipe.send(self._pending)
            except OSError as error:
                raise GymLoopError(f"the TensorBoard event writer stopped: {error}") from error
        self._pending = []

    def _request(self, command: str) -> None:
        try:
            self._pipe.send(command)
            answer = self._pipe.recv()
        except (OSError, EOFError) as error:
            raise GymLoopError(f"the TensorBoard event writer stopped: {error}") from error
        if answer != "done":
            raise GymLoopError(f"writing TensorBoard events failed: {answer}")


class _EventFile:
    """One event file: tensorboardX's protobufs, framed by :mod:`.tfrecord` a batch at a time."""

    def __init__(self, prefix: str, suffix: str, first_episode: int):
        # Slow to import: keep tensorboardX off the CLI's start-up.
        from tensorboardX.proto.event_pb2 import Event, SessionLog
        from tensorboardX.proto.summary_pb2 import Summary

        self._event, self._summary = Event, Summary
        # The file name TensorBoard looks for, as tensorboardX's EventsWriter makes it.
        self._file = open(f"{prefix}.out.tfevents.{int(time.time())}.{socket.gethostname()}{suffix}", "wb")
        opening = [Event(wall_time=time.time(), file_version="brain.Event:2")]
        if first_episode:  # TensorBoard hides the points an earlier attempt logged from here on
            opening.append(Event(step=first_episode, session_log=SessionLog(status=SessionLog.START)))
        self._file.write(frame([event.SerializeToString() for event in opening]))

    def write(self, batch: Batch) -> None:
        self._file.write(frame([self._scalars_event(*entry).SerializeToString() for entry in batch]))

    def _scalars_event(self, step: int, wall_time: float, values: Dict[str, float]) -> Any:
        Value = self._summary.Value
        summary = self._summary(value=[Value(tag=tag, simple_value=value) for tag, value in values.items()])
        return self._event(wall_time=wall_time, step=step, summary=summary)

    def flush(self) -> None:
        self._file.flush()
        os.fsync(self._file.fileno())

    def close(self) -> None:
        try:
            self.flush()
        finally:
            self._file.close()


def _serve(pipe: Any, prefix: str, suffix: str, first_episode: int) -> None:
    """The child process: write batches until told to close or the parent is gone; then exit.

    After a failure it keeps reading, and answers every flush and close with the error.
    """
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    # tensorboardX tries to import torch (1.5 s, 200 MiB) for what scalars never need.
    sys.modules.setdefault("torch", None)
    try:
        _write_until_closed(pipe, prefix, suffix, first_episode)
    finally:
        os._exit(0)  # not the parent's exit handlers, nor its buffered output


def _write_until_closed(pipe: Any, prefix: str, suffix: str, first_episode: int) -> None:
    events, failure = None, None
    try:
        events = _EventFile(prefix, suffix, first_episode)
    except Exception as error:
        failure = f"{type(error).__name__}: {error}"
    while True:
        try:
            message = pipe.recv()
        except EOFError:  # the parent died: keep what arrived
            break
        try:
            if failure is None and message == "flush":
                events.flush()
            elif failure is None and message == "close":
                events.close()
            elif failure is None and isinstance(message, list):
                events.write(message)
        except Exception as error:
            failure = f"{type(error).__name__}: {error}"
        if message in ("flush", "close"):
            pipe.send(failure or "done")
        if message == "close":
            return
    if events is not None and failure is None:
        events.close()
