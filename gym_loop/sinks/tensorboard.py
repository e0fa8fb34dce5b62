"""Sink: TensorBoard event files, written in this process with tensorboardX's protobufs and record writer.

Training scalars are on the env-step axis (``global_step``): ``episode/return``,
``episode/length``, ``episode/index`` (the episode number, so the old axis stays available),
the agent's metric keys, ``episode/env`` under VectorLoop, and ``eval/...`` for periodic
evaluations. An evaluation run (``gym-loop eval``) puts its episodes on the episode axis.
"""

import os
import socket
import sys
import time
from pathlib import Path
from typing import Any, Dict, Optional, Sequence

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
        shared = [Value(tag=tag, simple_value=value) for tag, value in metrics.items()]
        now, write = time.time(), self._writer.write
        for number, episode in enumerate(group, first):
            values = [Value(tag="episode/return", simple_value=episode.episode_return),
                      Value(tag="episode/length", simple_value=episode.length),
                      Value(tag="episode/index", simple_value=number), *shared]
            if episode.sub_env is not None:
                values.append(Value(tag="episode/env", simple_value=episode.sub_env))
            step = number if self._by_episode else episode.global_step
            write(Event(wall_time=now, step=step, summary=Summary(value=values)).SerializeToString())
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
