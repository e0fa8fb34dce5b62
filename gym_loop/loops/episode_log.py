"""Per-episode records: TensorBoard scalars (return, length, every metric) and a CSV row per episode.

One TensorBoard event per episode carries all of its scalars. A child process formats and writes
the events and the rows (see :mod:`.log_writer`); both files are flushed before every checkpoint
and closed however the run ends.
"""

import csv
import logging
import math
from pathlib import Path
from typing import Any, Dict, Optional, Sequence

from gym_loop.errors import GymLoopError
from gym_loop.files import write_atomically
from gym_loop.loops.log_writer import CSV_COLUMNS, LENGTH, RETURN, LogWriter

logger = logging.getLogger(__name__)


class EpisodeLog:
    """TensorBoard events with one point per episode (the episode is the step), and an optional CSV.

    Use it as a context manager: the files are flushed and closed however the run ends.

    Args:
        logdir: TensorBoard log directory.
        csv_path: Where to write ``episodes.csv``; None for no CSV.
        first_episode: The episode a resumed run starts at: TensorBoard hides, and the CSV drops,
            whatever an earlier attempt logged from there on, so the curve has no episode twice.
    """

    def __init__(self, logdir: str, csv_path: Optional[str] = None, first_episode: int = 0):
        if csv_path:
            _keep_rows_before(Path(csv_path), first_episode)
        self._writer = LogWriter(logdir, first_episode, csv_path)
        self._warned_non_finite = set()

    def __enter__(self) -> "EpisodeLog":
        return self

    def __exit__(self, *exc_info: Any) -> None:
        self._writer.close()

    def write(self, first_episode: int, returns: Sequence[float], lengths: Sequence[int],
              metrics: Optional[Dict[str, Any]], global_steps: Sequence[int], seconds: float = 0.0,
              columns: Optional[Dict[str, Sequence[float]]] = None) -> None:
        """Log episodes as one group: ``first_episode`` and the next ones, one per return.

        Args:
            returns, lengths, global_steps: Each episode's return, length and the env steps done when it ended.
            metrics: The agent's metrics, logged with each of the episodes.
            seconds: Seconds so far, for the CSV.
            columns: More scalars of each episode's own, a list per name.

        Raises:
            GymLoopError: A metric is not a number.
        """
        scalars = {}
        if not isinstance(metrics, (dict, type(None))):  # checked here: the log writer child would fail later
            raise GymLoopError(f"metrics() returned {type(metrics).__name__}; "
                               "it must return a dict of names to numbers")
        for name, value in (metrics or {}).items():
            if not isinstance(name, str):
                raise GymLoopError(f"metrics() returned the name {name!r} ({type(name).__name__}); names are strings")
            scalars[name] = self._number(name, value)
        self._writer.add(first_episode, scalars, {RETURN: returns, LENGTH: lengths, **(columns or {})},
                         (global_steps, seconds))

    def scalars(self, step: int, values: Dict[str, float]) -> None:
        """Log scalars at ``step``, in one event."""
        self._writer.add(step, values)

    def flush(self) -> None:
        """Put everything logged so far on disk (done before each checkpoint)."""
        self._writer.flush()

    def _number(self, name: str, value: Any) -> float:
        try:
            number = float(value)
        except (TypeError, ValueError) as error:
            raise GymLoopError(
                f"metrics() returned {type(value).__name__} for '{name}'; "
                "each metric must be a single number"
            ) from error
        except OverflowError as error:  # an int past a float's range, 10**400
            raise GymLoopError(f"metrics() returned {type(value).__name__} too large for a float for '{name}'; "
                               "each metric must be a single number") from error
        if not math.isfinite(number) and name not in self._warned_non_finite:
            self._warned_non_finite.add(name)
            logger.warning("metric '%s' is %s (warned once per metric)", name, number)
        return number


def _keep_rows_before(path: Path, first_episode: int) -> None:
    """Rewrite ``path`` with its header and only the rows of the episodes before ``first_episode``."""
    kept = []
    if first_episode and path.exists():
        with path.open(newline="", encoding="utf-8") as file:
            kept = [row for row in csv.reader(file) if row and row[0].isdigit() and int(row[0]) < first_episode]
    lines = [",".join(CSV_COLUMNS)] + [",".join(row) for row in kept]
    write_atomically(path, "\n".join(lines) + "\n")


EVAL_COLUMNS = ("episode", "global_step", "mean_return", "std_return", "min_return", "max_return", "mean_length")


def keep_eval_rows(path: str, episodes_done: int) -> None:
    """Start ``evals.csv`` at ``path``, keeping the rows of evaluations up to ``episodes_done`` (a resumed run)."""
    kept = []
    if episodes_done and Path(path).exists():
        with Path(path).open(newline="", encoding="utf-8") as file:
            kept = [row for row in csv.reader(file) if row and row[0].isdigit() and int(row[0]) <= episodes_done]
    write_atomically(Path(path), "\n".join([",".join(EVAL_COLUMNS)] + [",".join(row) for row in kept]) + "\n")


def append_eval_row(path: str, episodes_done: int, global_step: int, stats: Dict[str, Dict[str, float]]) -> None:
    """Append the row of one periodic evaluation to ``evals.csv``, on disk at once."""
    returns, lengths = stats["return"], stats["length"]
    row = (episodes_done, global_step, *(float(returns[name]) for name in ("mean", "std", "min", "max")),
           float(lengths["mean"]))
    with Path(path).open("a", encoding="utf-8") as file:
        file.write("%d,%d,%r,%r,%r,%r,%r\n" % row)
