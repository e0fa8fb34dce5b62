"""The three kinds of TensorBoard ``Event`` protobuf gym-loop writes, encoded by hand.

Building tensorboardX's protobuf objects cost about 20 us per scalar event, enough for the log
writer to fall behind VectorLoop; these functions write the same bytes (tests compare them with
tensorboardX's) in a few microseconds, and spare the child process importing tensorboardX.
Field numbers are those of tensorboard's ``event.proto`` and ``summary.proto``.
"""

import struct
from typing import Dict, List, Sequence

import numpy as np

_DOUBLE, _FLOAT = struct.Struct("<d"), struct.Struct("<f")
_VALUE_HEADS: Dict[str, bytes] = {}  # per tag: the bytes of a Summary.Value before its float
NUMPY_FROM_ROWS = 16  # fewer rows are encoded one by one: NumPy's set-up costs about 80 us


def file_version_event(wall_time: float) -> bytes:
    """The event each file starts with: ``Event(wall_time, file_version="brain.Event:2")``."""
    return b"\x09" + _DOUBLE.pack(wall_time) + _string(3, b"brain.Event:2")


def session_start_event(step: int) -> bytes:
    """``Event(step, session_log=SessionLog(status=START))``: TensorBoard hides what was logged from ``step`` on."""
    return b"\x10" + _varint(step) + _string(7, b"\x08\x01")


def scalars_event(step: int, wall_time: float, summary_values: bytes) -> bytes:
    """``Event(wall_time, step, summary=Summary(value=[...]))`` of values encoded by :func:`encode_values`."""
    return b"\x09" + _DOUBLE.pack(wall_time) + (b"\x10" + _varint(step) if step else b"") + _string(5, summary_values)


def column_events(step: int, wall_time: float, columns: Dict[str, Sequence[float]], shared: bytes) -> List[bytes]:
    """One scalars event per row of ``columns``, the ``i``-th at ``step + i``: the row's values, then ``shared``.

    The same bytes as :func:`scalars_event` of :func:`encode_values` of the row, plus ``shared``;
    NumPy lays out the values of all rows at once where there are enough rows to repay its set-up.
    """
    if len(next(iter(columns.values()))) < NUMPY_FROM_ROWS:
        return [scalars_event(step + row, wall_time, encode_values(dict(zip(columns, values))) + shared)
                for row, values in enumerate(zip(*columns.values()))]
    with np.errstate(over="ignore"):  # too large for a float32: infinite, as in protobuf
        floats = np.array(list(columns.values()), dtype=np.float64).astype("<f4").T  # a row per event
    rows = len(floats)
    parts = []
    for index, tag in enumerate(columns):
        parts += [_repeated(_value_head(tag), rows), floats[:, index:index + 1].view(np.uint8)]
    bodies = np.hstack(parts + [_repeated(shared, rows)]).tobytes()
    width = len(bodies) // rows
    wall, summary = b"\x09" + _DOUBLE.pack(wall_time), bytes([5 << 3 | 2]) + _varint(width)
    return [wall + (b"\x10" + _varint(step + row) if step + row else b"") + summary
            + bodies[row * width:(row + 1) * width] for row in range(rows)]


def _repeated(data: bytes, rows: int) -> np.ndarray:
    return np.broadcast_to(np.frombuffer(data, dtype=np.uint8), (rows, len(data)))


def encode_values(values: Dict[str, float]) -> bytes:
    """``Summary.Value(tag, simple_value)`` of each of ``values``; concatenate to merge summaries."""
    return b"".join([_value_head(tag) + _float32(value) for tag, value in values.items()])


def _value_head(tag: str) -> bytes:
    head = _VALUE_HEADS.get(tag)
    if head is None:
        value_without_float = _string(1, tag.encode()) + b"\x15"  # tag, then the key of simple_value
        head = _VALUE_HEADS[tag] = b"\x0a" + _varint(len(value_without_float) + 4) + value_without_float
    return head


def _float32(value: float) -> bytes:
    """``value`` as a float32; what is too large for one becomes infinite, as in protobuf."""
    try:
        return _FLOAT.pack(value)
    except OverflowError:
        return _FLOAT.pack(float("inf") if value > 0 else float("-inf"))


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
