"""Sink: TensorBoard event files, written in this process with tensorboardX's protobufs and record writer.

Training scalars are on the env-step axis (``global_step``): ``episode/return``,
``episode/length``, ``episode/index`` (the episode number, so the old axis stays available),
the agent's metric keys, ``episode/env`` under VectorLoop, and ``eval/...`` for periodic
evaluations. An evaluation run (``gym-loop eval``) puts its episodes on the episode axis.
"""

import math
import os
import socket
import struct
import time
from pathlib import Path
from typing import Any, Dict, Optional, Sequence

from tensorboardX.proto.event_pb2 import Event, SessionLog
from tensorboardX.proto.summary_pb2 import Summary
from tensorboardX.record_writer import RecordWriter, masked_crc32c

from gym_loop.loops.base_loop import Episode
from gym_loop.sinks import Evaluation, Sink

Value = Summary.Value


class TensorBoard(Sink):
    """One event per episode carrying all of its scalars.

    Args:
        logdir: The TensorBoard run folder (created if missing).
        purge_step: A resumed run's first step: TensorBoard hides what an earlier attempt logged from there on.
        by_episode: Put episodes at their episode number instead of their env step (evaluation runs).
        hparams: The run's flattened spec and seed, for TensorBoard's HParams dashboard (written by :meth:`summary`).
    """

    def __init__(self, logdir: Path, purge_step: Optional[int] = None, by_episode: bool = False,
                 hparams: Optional[Dict[str, Any]] = None):
        logdir = Path(logdir)
        logdir.mkdir(parents=True, exist_ok=True)
        name = f"events.out.tfevents.{time.time():.6f}.{socket.gethostname()}.{os.getpid()}"
        self._writer = RecordWriter(str(logdir / name))
        self._by_episode = by_episode
        self._hparams = hparams
        self._last_step = purge_step or 0
        self._write(Event(wall_time=time.time(), file_version="brain.Event:2"))
        if purge_step:
            self._write(Event(wall_time=time.time(), step=purge_step, session_log=SessionLog(status=SessionLog.START)))

    def episodes(self, first: int, group: Sequence[Episode], metrics: Dict[str, float]) -> None:
        shared = b"".join(_scalar(tag, value) for tag, value in metrics.items())
        now, by_episode, records = time.time(), self._by_episode, []
        for number, episode in enumerate(group, first):
            values = b"".join((_scalar("episode/return", episode.episode_return), _LENGTH, _PACK_FLOAT(episode.length),
                               _INDEX, _PACK_FLOAT(number), shared,
                               b"" if episode.sub_env is None else _ENV + _PACK_FLOAT(episode.sub_env)))
            step = number if by_episode else episode.global_step
            records.append(_record(_event(now, step, values)))
        self._writer._writer.write(b"".join(records))  # as RecordWriter.write would, in one call
        self._last_step = step

    def evaluation(self, result: Evaluation) -> None:
        values = [Value(tag=f"eval/{name}", simple_value=getattr(result, name)) for name in Evaluation._fields[2:]]
        self._write(Event(wall_time=time.time(), step=result.global_step, summary=Summary(value=values)))

    def summary(self, scores: Dict[str, float]) -> None:
        """Write the final ``scores`` as scalars and, with ``hparams``, the HParams dashboard's records.

        They go one step after the last episode's, so a resumed run's ``purge_step`` hides them.
        """
        step = self._last_step + 1
        values = [Value(tag=tag, simple_value=value) for tag, value in scores.items()]
        self._write(Event(wall_time=time.time(), step=step, summary=Summary(value=values)))
        if self._hparams is not None:
            from tensorboardX.summary import hparams

            for record in hparams(self._hparams, scores):
                self._write(Event(wall_time=time.time(), step=step, summary=record))

    def flush(self) -> None:
        self._writer._writer.flush()  # to the OS: RecordWriter.flush would also fsync, ~ms per checkpoint

    def close(self) -> None:
        self._writer.close()

    def _write(self, event: Event) -> None:
        self._writer.write(event.SerializeToString())


# The per-episode events, encoded by hand (protobuf's wire format; the same bytes as Event(...).SerializeToString()
# up to field order): building the messages cost more than stepping CartPole under VectorLoop.
_PACK_FLOAT, _PACK_DOUBLE = struct.Struct("<f").pack, struct.Struct("<d").pack
_PREFIXES: Dict[str, bytes] = {}


def _varint(value: int) -> bytes:
    out = bytearray()
    while value > 0x7F:
        out.append(value & 0x7F | 0x80)
        value >>= 7
    out.append(value)
    return bytes(out)


def _scalar(tag: str, value: float) -> bytes:
    """A ``Summary.Value`` with ``tag`` and ``simple_value`` (a 32-bit float: beyond its range, infinity)."""
    prefix = _PREFIXES.get(tag)
    if prefix is None:
        name = tag.encode()
        inner = b"\x0a" + _varint(len(name)) + name + b"\x15"  # tag (1, bytes), simple_value (2, fixed32)
        prefix = _PREFIXES[tag] = b"\x0a" + _varint(len(inner) + 4) + inner  # Summary.value (1, bytes)
    try:
        return prefix + _PACK_FLOAT(value)
    except OverflowError:
        return prefix + _PACK_FLOAT(math.copysign(math.inf, value))


def _event(wall_time: float, step: int, values: bytes) -> bytes:
    """An ``Event`` with ``wall_time`` (1, double), ``step`` (2, varint) and ``summary`` (5) of ``values``."""
    if step < 0:
        return Event(wall_time=wall_time, step=step, summary=Summary.FromString(values)).SerializeToString()
    return b"\x09" + _PACK_DOUBLE(wall_time) + b"\x10" + _varint(step) + b"\x2a" + _varint(len(values)) + values


def _record(data: bytes) -> bytes:
    """``data`` framed as TensorBoard's record format: length, its checksum, data, its checksum."""
    header = _PACK_LENGTH(len(data))
    return header + _PACK_CHECKSUM(masked_crc32c(header)) + data + _PACK_CHECKSUM(masked_crc32c(data))


_PACK_LENGTH, _PACK_CHECKSUM = struct.Struct("Q").pack, struct.Struct("I").pack
_LENGTH, _INDEX, _ENV = (_scalar(tag, 0.0)[:-4] for tag in ("episode/length", "episode/index", "episode/env"))
