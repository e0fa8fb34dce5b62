"""Sink: ``evals.csv``, one row per periodic evaluation."""

from pathlib import Path

from gym_loop.sinks import Evaluation, Sink
from gym_loop.sinks.csv_file import CsvFile


class EvalsCsv(Sink):
    """Writes the fields of :class:`~gym_loop.sinks.Evaluation` for every periodic evaluation.

    Args:
        path: The CSV file.
        first_episode: A resumed run's episode count: rows of evaluations after it are dropped at start.
    """

    def __init__(self, path: Path, first_episode: int):
        self._file = CsvFile(path, Evaluation._fields, keep=lambda row: int(row[0]) <= first_episode)

    def evaluation(self, result: Evaluation) -> None:
        self._file.write(",".join(repr(value) if isinstance(value, float) else str(value) for value in result) + "\n")

    def flush(self) -> None:
        self._file.flush()

    def close(self) -> None:
        self._file.close()
