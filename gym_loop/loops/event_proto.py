"""The TensorBoard ``Event`` protobufs gym-loop writes, encoded by hand.

Building tensorboardX's protobuf objects costs about 20 us per scalar event, enough for the log
writer to fall behind VectorLoop; these functions write the same bytes (tests compare them with
tensorboardX's), the scalar events with NumPy, a whole batch at once, and spare the child process
importing tensorboardX. Field numbers are those of tensorboard's ``event.proto`` and ``summary.proto``.
"""

import struct
from typing import List, Sequence

import numpy as np

_DOUBLE = struct.Struct("<d")
_MAX_VARINT_BYTES = 10  # of a 64-bit number


def file_version_event(wall_time: float) -> bytes:
    """The event each file starts with: ``Event(wall_time, file_version="brain.Event:2")``."""
    return b"\x09" + _DOUBLE.pack(wall_time) + _string(3, b"brain.Event:2")


def session_start_event(step: int) -> bytes:
    """``Event(step, session_log=SessionLog(status=START))``: TensorBoard hides what was logged from ``step`` on."""
    return b"\x10" + _varint(step) + _string(7, b"\x08\x01")


def scalar_events(steps: np.ndarray, wall_times: np.ndarray, tags: Sequence[str],
                  values: np.ndarray) -> List[np.ndarray]:
    """``Event(wall_time, step, summary=Summary(value=[Value(tag, simple_value), ...]))`` for each row.

    Args:
        steps, wall_times: One per event; steps are not negative.
        tags: The tag of each column of ``values``.
        values: A row per event.

    Returns:
        Byte matrices with an event per row, the events in order: a matrix per run of events
        whose steps take as many bytes (none for step 0, which protobuf leaves out).
    """
    steps = np.asarray(steps, dtype=np.uint64)
    with np.errstate(over="ignore"):  # too large for a float32: infinite, as in protobuf
        floats = np.asarray(values, dtype=np.float64).astype("<f4").reshape(len(steps), len(tags)).view(np.uint8)
    heads = [_value_head(tag) for tag in tags]
    summary_key = bytes([5 << 3 | 2]) + _varint(sum(map(len, heads)) + 4 * len(tags))
    walls = np.asarray(wall_times, dtype="<f8").reshape(-1, 1).view(np.uint8)
    sizes = sum((steps >> np.uint64(7 * k)) > 0 for k in range(_MAX_VARINT_BYTES))  # varint bytes; 0 for step 0
    edges = [0, *(np.flatnonzero(np.diff(sizes)) + 1).tolist(), len(steps)]
    matrices = []
    for start, end in zip(edges, edges[1:]):
        rows = end - start
        parts = [_repeated(b"\x09", rows), walls[start:end], _step_field(steps[start:end], int(sizes[start])),
                 _repeated(summary_key, rows)]
        for index, head in enumerate(heads):
            parts += [_repeated(head, rows), floats[start:end, 4 * index:4 * index + 4]]
        matrices.append(np.hstack(parts))
    return matrices


def _step_field(steps: np.ndarray, size: int) -> np.ndarray:
    """The ``step`` field of events whose steps take ``size`` varint bytes: its key, then the varint."""
    if size == 0:
        return np.empty((len(steps), 0), dtype=np.uint8)
    groups = ((steps[:, None] >> (np.arange(size, dtype=np.uint64) * np.uint64(7))) & np.uint64(0x7F)).astype(np.uint8)
    groups[:, :-1] |= 0x80  # more bytes follow
    return np.hstack([_repeated(b"\x10", len(steps)), groups])


def _value_head(tag: str) -> bytes:
    """The bytes of a ``Summary.Value`` before its float."""
    value_without_float = _string(1, tag.encode()) + b"\x15"  # the tag, then the key of simple_value
    return b"\x0a" + _varint(len(value_without_float) + 4) + value_without_float


def _repeated(data: bytes, rows: int) -> np.ndarray:
    return np.broadcast_to(np.frombuffer(data, dtype=np.uint8), (rows, len(data)))


def _string(field: int, data: bytes) -> bytes:
    """A length-delimited field: a string or a nested message."""
    return bytes([field << 3 | 2]) + _varint(len(data)) + data


def _varint(number: int) -> bytes:
    out = bytearray()
    while number > 0x7F:
        out.append(number & 0x7F | 0x80)
        number >>= 7
    out.append(number)
    return bytes(out)
