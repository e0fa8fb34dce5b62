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
from typing import Any, Callable, Dict, List, Optional, Sequence, Tuple

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
from gym_loop.numeric import mean, show  # noqa: E402
from gym_loop.sinks import Evaluation, Sink  # noqa: E402
from gym_loop.sinks.flush_soon import FlushSoon  # noqa: E402

# The HParams dashboard's session status of a run's end, by run.json's status (others: STATUS_UNKNOWN)
SESSION_STATUS = {"finished": "STATUS_SUCCESS", "failed": "STATUS_FAILURE"}

logger = logging.getLogger(__name__)
Value = Summary.Value
EPISODE_TAGS = ("episode/return", "episode/length", "episode/index")
BATCH_TAGS = ("episode/return", "episode/return_min", "episode/return_max", "episode/length", "episode/index",
              "episode/count")
RUN_PREFIXES = ("episode/", "eval/", "final/")  # the run's own tags (the rest are the agent's metrics)
# float32's largest value: TensorBoard's scalars hold a value beyond it as inf (or, up to 2**128 - 2**103, as it).
# A bound float32 can hold, so that comparing a NumPy float32 with it casts without an overflow warning.
FLOAT32_MAX = 3.4028234663852886e38


class TensorBoard(Sink):
    """One event per episode (per batch under VectorLoop) carrying all of its scalars.

    Args:
        logdir: The TensorBoard run folder (created if missing).
        purge_step: A resumed run's first step: TensorBoard hides what an earlier attempt logged from there on.
        by_episode: Put episodes at their episode number instead of their env step (evaluation runs).
        hparams: The run's flattened spec and seed (and a sweep's config id, a tune's trial), for TensorBoard's HParams
            dashboard (written by :meth:`summary`).
        point_per_batch: One point for all the episodes of each :meth:`episodes` call instead of one per episode.
        step_open: With ``point_per_batch``, asked as a batch comes: whether more episodes that ended at its last
            env step are still to come (an evaluation or checkpoint fell within a vector step); the batch then
            waits for them, so that a step has one point.
        again: What the purge hides that the resumed run does not log again, when ``purge_step`` is the step of a
            checkpoint that fell within a group: the number of the first of the group's episodes counted before it,
            those episodes (they go in the step's point, or are written a point each) and the last evaluation
            (written again if it is at ``purge_step``).
    """

    def __init__(self, logdir: Path, purge_step: Optional[int] = None, by_episode: bool = False,
                 hparams: Optional[Dict[str, Any]] = None, point_per_batch: bool = False,
                 step_open: Callable[[], bool] = lambda: False,
                 again: Tuple[int, Sequence[Episode], Sequence[Evaluation]] = (0, (), ())):
        self._logdir = Path(logdir)
        self._logdir.mkdir(parents=True, exist_ok=True)
        self._open()
        self._by_episode = by_episode
        self._hparams = hparams
        self._last_step = purge_step - 1 if purge_step else 0  # a resumed run: its last episode's step
        self._episode_tags: Tuple[str, ...] = ()
        self._episode_template: Tuple[Event, List[Any]] = (Event(), [])
        self._point_per_batch, self._step_open = point_per_batch, step_open
        self._waiting: List[Episode] = []  # a batch whose step is open, in no point yet; its last index and metrics:
        self._waited: Tuple[int, Dict[str, float]] = (0, {})
        self._beyond: set = set()  # tags warned of a value beyond float32's range
        if purge_step:
            self._write(Event(wall_time=time.time(), step=purge_step, session_log=SessionLog(status=SessionLog.START)))
        first, episodes, evaluations = again
        if episodes:  # (only with a purge_step at their env step)
            for evaluation in evaluations:
                if evaluation.global_step == purge_step:
                    self.evaluation(evaluation)
            if point_per_batch:
                self._waiting, self._waited = list(episodes), (first + len(episodes) - 1, {})
            else:
                self.episodes(first, episodes, {})

    def episodes(self, first: int, group: Sequence[Episode], metrics: Dict[str, float]) -> None:
        if self._point_per_batch:
            self._write_batch(first + len(group) - 1, group, metrics)
            return
        event, (episode_return, length, index) = self._episode_event(EPISODE_TAGS, metrics)
        write, low, high = self._writer.write, -FLOAT32_MAX, FLOAT32_MAX
        for number, episode in enumerate(group, first):
            episode_return.simple_value = episode.episode_return
            if not low <= episode.episode_return <= high:
                self._beyond_float32("episode/return", episode.episode_return)
            length.simple_value = episode.length
            index.simple_value = number
            event.step = number if self._by_episode else episode.global_step
            write(event.SerializeToString())
        self._last_step = event.step
        self._file.written()

    def _write_batch(self, last: int, group: Sequence[Episode], metrics: Dict[str, float]) -> None:
        """A point for ``group`` and the episodes waiting before it, but for those of its last env step while the
        run has more of that step to come (:attr:`_step_open`): they wait for them, so that a step has one point."""
        if self._waiting:
            group = [*self._waiting, *group]
        self._waiting = []
        if self._step_open():
            cut, step = len(group), group[-1].global_step
            while cut and group[cut - 1].global_step == step:
                cut -= 1
            group, self._waiting, self._waited = group[:cut], list(group[cut:]), (last, metrics)
            last -= len(self._waiting)
        if group:
            self._write_point(last, group, metrics)

    def _write_point(self, last: int, group: Sequence[Episode], metrics: Dict[str, float]) -> None:
        event, values = self._episode_event(BATCH_TAGS, metrics)
        (returns, lengths, *_), count = zip(*group), len(group)
        scalars = (mean(returns), min(returns), max(returns), math.fsum(lengths) / count, last,
                   count)  # BATCH_TAGS' values
        for value, scalar in zip(values, scalars):
            value.simple_value = scalar
            if not -FLOAT32_MAX <= scalar <= FLOAT32_MAX:
                self._beyond_float32(value.tag, scalar)
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
            if not -FLOAT32_MAX <= number <= FLOAT32_MAX:
                self._beyond_float32(value.tag, number)
        event.wall_time = time.time()
        return event, values[:len(tags)]

    def evaluation(self, result: Evaluation) -> None:
        values = [self._value(f"eval/{name}", getattr(result, name)) for name in Evaluation._fields[2:-1]]  # not n
        self._write(Event(wall_time=time.time(), step=result.global_step, summary=Summary(value=values)))

    def summary(self, scores: Dict[str, float], status: str = "finished") -> None:
        """Write the final ``scores`` as scalars and, with ``hparams``, the HParams dashboard's records, whose session
        status is the run's ``status`` as run.json says it (``finished``: success; ``failed``, with no scores:
        failure; ``interrupted`` or ``pruned``: unknown).

        They go one step after the last episode's, so a resumed run's ``purge_step`` hides them.
        """
        self._write_waiting()
        step = self._last_step + 1
        values = [self._value(tag, value) for tag, value in scores.items()]
        if values:
            self._write(Event(wall_time=time.time(), step=step, summary=Summary(value=values)))
        if self._hparams is not None:
            from tensorboardX.proto.api_pb2 import Status
            from tensorboardX.proto.plugin_hparams_pb2 import HParamsPluginData, SessionEndInfo
            from tensorboardX.summary import hparams

            exact = {key: str(value) if (isinstance(value, int) and not -2**63 <= value < 2**64)
                     or (isinstance(value, float) and not math.isfinite(value)) else value
                     for key, value in self._hparams.items()}  # an int NumPy cannot hold, inf: as text
            *records, end = hparams(exact, scores)
            ended = SessionEndInfo(status=Status.Value(SESSION_STATUS.get(status, "STATUS_UNKNOWN")))
            end.value[0].metadata.plugin_data.content = HParamsPluginData(
                session_end_info=ended, version=0).SerializeToString()  # tensorboardX's says success whatever the end
            for record in (*records, end):
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
        try:
            self._write_waiting()  # a run that failed during the evaluation within a vector step
        finally:
            self._file.close()

    def _write_waiting(self) -> None:
        """Write the batch waiting for the rest of its step (:meth:`_write_batch`), which will not come now."""
        if self._waiting:
            waiting, self._waiting = self._waiting, []
            self._write_point(self._waited[0], waiting, self._waited[1])

    def _value(self, tag: str, value: float) -> Any:
        if not -FLOAT32_MAX <= value <= FLOAT32_MAX:
            self._beyond_float32(tag, value)
        return Value(tag=tag, simple_value=value)

    def _beyond_float32(self, tag: str, value: float) -> None:
        """Say once per tag that a finite ``value`` is beyond float32's range, so TensorBoard holds it as inf."""
        if math.isfinite(value) and tag not in self._beyond:
            self._beyond.add(tag)
            exact = ("log it scaled down (say its log10) to chart it" if not tag.startswith(RUN_PREFIXES) else
                     "the evaluation's summary-*.json holds the exact mean, min and max" if self._by_episode else
                     "episodes.csv and evals.csv hold the exact returns")
            logger.warning("TensorBoard scalar '%s' is %s, beyond float32's range (3.4e+38): written as inf (warned "
                           "once per tag); %s", tag, show(value), exact)

    def _write(self, event: Event) -> None:
        self._writer.write(event.SerializeToString())
        self._file.written()
