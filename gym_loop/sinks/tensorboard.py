"""Sink: TensorBoard event files, written in this process with tensorboardX's protobufs and record writer.

Training scalars are on the env-step axis (``global_step``): a point per episode with
``episode/return``, ``episode/length``, ``episode/index`` (the episode number, so the old axis
stays available) and the agent's metric keys, and ``eval/...`` for periodic evaluations. Under
VectorLoop, whose episodes end by the tens of thousands a second, a point per vector step on
which episodes ended: ``episode/return`` and ``episode/length`` are the means over those
episodes, with ``episode/return_min``, ``episode/return_max`` and ``episode/count``
(``episodes.csv`` has every episode). An evaluation run (``gym-loop eval``) puts its episodes on
the episode axis.
"""

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

from gym_loop.loops.base_loop import Episode  # noqa: E402
from gym_loop.sinks import Evaluation, Sink  # noqa: E402

Value = Summary.Value
EPISODE_TAGS = ("episode/return", "episode/length", "episode/index")
GROUP_TAGS = ("episode/return", "episode/return_min", "episode/return_max", "episode/length", "episode/index",
              "episode/count")


class TensorBoard(Sink):
    """One event per episode (per group under VectorLoop) carrying all of its scalars.

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
        self._episode_tags: Tuple[str, ...] = ()
        self._episode_template: Tuple[Event, List[Any]] = (Event(), [])
        self._write(Event(wall_time=time.time(), file_version="brain.Event:2"))
        if purge_step:
            self._write(Event(wall_time=time.time(), step=purge_step, session_log=SessionLog(status=SessionLog.START)))

    def episodes(self, first: int, group: Sequence[Episode], metrics: Dict[str, float]) -> None:
        if group[0].sub_env is None:  # one env: a point per episode
            tags = EPISODE_TAGS
            points = ((number, episode.global_step, (episode.episode_return, episode.length, number))
                      for number, episode in enumerate(group, first))
        else:  # VectorLoop: a point per group of episodes that ended on one vector step
            tags, points = GROUP_TAGS, [_group_point(first, group)]
        event, values = self._episode_event(tags, metrics)
        own = values[:len(tags)]
        for value, number in zip(values[len(tags):], metrics.values()):
            value.simple_value = number
        event.wall_time, write = time.time(), self._writer.write
        for number, step, numbers in points:
            for value, scalar in zip(own, numbers):
                value.simple_value = scalar
            event.step = number if self._by_episode else step
            write(event.SerializeToString())
        self._last_step = event.step

    def _episode_event(self, tags: Tuple[str, ...], metrics: Dict[str, float]) -> Tuple[Event, List[Any]]:
        """The event episodes are written with, and its values, rebuilt only when the tags change.

        Setting the fields of an existing protobuf costs a sixth of building one (3 us against 18
        per episode), so one event is reused: its values are set and it is serialized per point.
        """
        tags = (*tags, *metrics)
        if tags != self._episode_tags:
            event = Event(summary=Summary(value=[Value(tag=tag, simple_value=0.0) for tag in tags]))
            self._episode_tags, self._episode_template = tags, (event, list(event.summary.value))
        return self._episode_template

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


def _group_point(first: int, group: Sequence[Episode]) -> Tuple[int, int, Tuple[float, ...]]:
    """The point of a VectorLoop group: at its last episode, the values of :data:`GROUP_TAGS`."""
    returns = [episode.episode_return for episode in group]
    count, last = len(group), first + len(group) - 1
    mean_length = math.fsum(episode.length for episode in group) / count
    return last, group[-1].global_step, (math.fsum(returns) / count, min(returns), max(returns), mean_length, last,
                                         count)
