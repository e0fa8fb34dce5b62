"""Per-episode records: TensorBoard scalars (return, length, every metric) and a CSV row per episode.

One TensorBoard event per episode carries all of its scalars (see :mod:`.event_writer`); both
files are flushed before every checkpoint and closed however the run ends.
"""

import csv
import logging
import math
from pathlib import Path
from typing import Any, Dict, Optional

from gym_loop.errors import GymLoopError
from gym_loop.files import write_atomically
from gym_loop.loops.event_writer import EventWriter

logger = logging.getLogger(__name__)

CSV_COLUMNS = ("episode", "global_step", "return", "length", "seconds")


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
        self._events = EventWriter(logdir, first_episode)
        self._csv_file = _open_csv(Path(csv_path), first_episode) if csv_path else None
        self._warned_non_finite = set()

    def __enter__(self) -> "EpisodeLog":
        return self

    def __exit__(self, *exc_info: Any) -> None:
        try:
            self._events.close()
        finally:
            if self._csv_file:
                self._csv_file.close()

    def write(self, episode: int, total_reward: float, length: int, metrics: Optional[Dict[str, Any]],
              global_step: int = 0, seconds: float = 0.0) -> None:
        """Log one finished episode.

        Raises:
            GymLoopError: A metric is not a number.
        """
        scalars = {"episode/return": total_reward, "episode/length": length}
        for name, value in (metrics or {}).items():
            scalars[name] = self._number(name, value)
        self._events.add(episode, scalars)
        if self._csv_file:  # numbers only: no quoting to do
            self._csv_file.write(f"{episode},{global_step},{float(total_reward)!r},{length},{seconds:.3f}\n")

    def scalars(self, step: int, values: Dict[str, float]) -> None:
        """Log scalars at ``step``, in one event."""
        self._events.add(step, values)

    def flush(self) -> None:
        """Put everything logged so far on disk (done before each checkpoint)."""
        self._events.flush()
        if self._csv_file:
            self._csv_file.flush()

    def _number(self, name: str, value: Any) -> float:
        try:
            number = float(value)
        except (TypeError, ValueError) as error:
            raise GymLoopError(
                f"metrics() returned {type(value).__name__} for '{name}'; "
                "each metric must be a single number"
            ) from error
        if not math.isfinite(number) and name not in self._warned_non_finite:
            self._warned_non_finite.add(name)
            logger.warning("metric '%s' is %s (warned once per metric)", name, number)
        return number


def _open_csv(path: Path, first_episode: int):
    """Open ``path`` to append rows from ``first_episode`` on, keeping only the rows before it."""
    kept = []
    if first_episode and path.exists():
        with path.open(newline="", encoding="utf-8") as file:
            kept = [row for row in csv.reader(file) if row and row[0].isdigit() and int(row[0]) < first_episode]
    lines = [",".join(CSV_COLUMNS)] + [",".join(row) for row in kept]
    write_atomically(path, "\n".join(lines) + "\n")
    return path.open("a", newline="", encoding="utf-8")
