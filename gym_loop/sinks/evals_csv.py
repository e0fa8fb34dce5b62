"""Sink: ``evals.csv``, one row per periodic evaluation."""

from pathlib import Path

from gym_loop.sinks import Evaluation
from gym_loop.sinks.csv_file import CsvFile


class EvalsCsv(CsvFile):
    """Writes the fields of :class:`~gym_loop.sinks.Evaluation` for every periodic evaluation.

    Args:
        path: The CSV file.
        first_episode: A resumed run's episode count: rows of evaluations after it are dropped at start.
    """

    def __init__(self, path: Path, first_episode: int):
        super().__init__(path, Evaluation._fields, keep=lambda row: int(row[0]) <= first_episode)

    def evaluation(self, result: Evaluation) -> None:
        self.write(",".join(repr(value) if isinstance(value, float) else "" if value is None else str(value)
                            for value in result) + "\n")
