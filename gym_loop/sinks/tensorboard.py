"""Sink: TensorBoard event files, written in this process with tensorboardX's protobufs and record writer.

The tags, their step axis and VectorLoop's point per batch are listed in docs/loops.rst (Sinks).
"""

import logging
import math
import os
import socket
import sys
import time
from pathlib import Path
from typing import Any, Dict, List, Optional, Sequence, Tuple

# tensorboardX's package imports torch when it can (2.6 s here, and the run then seeds and records
# it) for what scalars never need: hide torch while it loads, unless the agent imported it already.
_HIDE_TORCH = "torch" not in sys.modules
if _HIDE_TORCH:
    sys.modules["torch"] = None  # type: ignore[assignment]
try:
    from tensorboardX.proto.event_pb2 import Event, SessionLog
    from tensorboardX.proto.summary_pb2 import Summary
    from tensorboardX.record_writer import RecordWriter
finally:
    if _HIDE_TORCH:
        del sys.modules["torch"]

from gym_loop.files import shown  # noqa: E402
from gym_loop.loops.base_loop import Episode  # noqa: E402
from gym_loop.numeric import mean  # noqa: E402
from gym_loop.sinks import Evaluation, Sink  # noqa: E402
from gym_loop.sinks.flush_soon import FlushSoon  # noqa: E402

logger = logging.getLogger(__name__)
Value = Summary.Value
EPISODE_TAGS = ("episode/return", "episode/length", "episode/index")
BATCH_TAGS = ("episode/return", "episode/return_min", "episode/return_max", "episode/length", "episode/index",
              "episode/count")


class TensorBoard(Sink):
    """One event per episode (per batch under VectorLoop) carrying all of its scalars.

    Args:
        logdir: The TensorBoard run folder (created if missing).
        purge_step: A resumed run's first step: TensorBoard hides what an earlier attempt logged from there on.
        by_episode: Put episodes at their episode number instead of their env step (evaluation runs).
        hparams: The run's flattened spec and seed (and a sweep's config id, a tune's trial), for TensorBoard's HParams
            dashboard (written by :meth:`summary`).
        point_per_batch: One point for all the episodes of each :meth:`episodes` call instead of one per episode.
    """

    def __init__(self, logdir: Path, purge_step: Optional[int] = None, by_episode: bool = False,
                 hparams: Optional[Dict[str, Any]] = None, point_per_batch: bool = False):
        self._logdir = Path(logdir)
        self._logdir.mkdir(parents=True, exist_ok=True)
        self._open()
        self._by_episode = by_episode
        self._hparams = hparams
        self._last_step = purge_step - 1 if purge_step else 0  # a resumed run: its last episode's step
        self._episode_tags: Tuple[str, ...] = ()
        self._episode_template: Tuple[Event, List[Any]] = (Event(), [])
        self._point_per_batch = point_per_batch
        if purge_step:
            self._write(Event(wall_time=time.time(), step=purge_step, session_log=SessionLog(status=SessionLog.START)))

    def episodes(self, first: int, group: Sequence[Episode], metrics: Dict[str, float]) -> None:
        if self._point_per_batch:
            self._write_batch(first + len(group) - 1, group, metrics)
            return
        event, (episode_return, length, index) = self._episode_event(EPISODE_TAGS, metrics)
        write = self._writer.write
        for number, episode in enumerate(group, first):
            episode_return.simple_value = episode.episode_return
            length.simple_value = episode.length
            index.simple_value = number
            event.step = number if self._by_episode else episode.global_step
            write(event.SerializeToString())
        self._last_step = event.step
        self._file.written()

    def _write_batch(self, last: int, group: Sequence[Episode], metrics: Dict[str, float]) -> None:
        event, values = self._episode_event(BATCH_TAGS, metrics)
        (returns, lengths, *_), count = zip(*group), len(group)
        scalars = (mean(returns), min(returns), max(returns), math.fsum(lengths) / count, last,
                   count)  # BATCH_TAGS' values
        for value, scalar in zip(values, scalars):
            value.simple_value = scalar
        event.step = self._last_step = group[-1].global_step
        self._write(event)

    def _episode_event(self, tags: Tuple[str, ...], metrics: Dict[str, float]) -> Tuple[Event, List[Any]]:
        """The event to write episodes with, its wall time and metrics set, and its values of ``tags``.

        One event is kept and its values set, rebuilt only when the tags change: setting the fields
        of a protobuf costs a sixth of building one (3 us against 18 per episode).
        """
        all_tags = (*tags, *metrics)
        if all_tags != self._episode_tags:
            event = Event(summary=Summary(value=[Value(tag=tag, simple_value=0.0) for tag in all_tags]))
            self._episode_tags, self._episode_template = all_tags, (event, list(event.summary.value))
        event, values = self._episode_template
        for value, number in zip(values[len(tags):], metrics.values()):
            value.simple_value = number
        event.wall_time = time.time()
        return event, values[:len(tags)]

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

            exact = {key: str(value) if (isinstance(value, int) and not -2**63 <= value < 2**64)
                     or (isinstance(value, float) and not math.isfinite(value)) else value
                     for key, value in self._hparams.items()}  # an int NumPy cannot hold, inf: as text
            for record in hparams(exact, scores):
                self._write(Event(wall_time=time.time(), step=step, summary=record))

    def flush(self) -> None:
        """Flush to the OS (RecordWriter.flush would also fsync, ~ms per checkpoint); at each checkpoint. An event
        file deleted meanwhile (``rm -r logs``) is said, and a new one opened: the rest of the run is logged."""
        self._file.flush()
        if not self._path.exists() and self._logdir.parent.is_dir():  # else the run folder moved: the run stops
            self._file.close()
            lost = self._path
            self._logdir.mkdir(exist_ok=True)
            self._open()
            logger.warning("%s was deleted while the run trains: the TensorBoard points written to it are lost; the "
                           "rest of the run goes to a new event file, %s", shown(lost), self._path.name)

    def _open(self) -> None:
        """Start a new event file in the logdir."""
        name = f"events.out.tfevents.{time.time():.6f}.{socket.gethostname()}.{os.getpid()}"
        self._path = self._logdir / name
        self._writer = RecordWriter(str(self._path))
        self._file = FlushSoon(self._writer._writer)  # RecordWriter's own file: points on disk within half a second
        self._write(Event(wall_time=time.time(), file_version="brain.Event:2"))

    def close(self) -> None:
        self._file.close()

    def _write(self, event: Event) -> None:
        self._writer.write(event.SerializeToString())
        self._file.written()
