"""Sink: ``episodes.csv``, one row per training episode."""

from pathlib import Path
from typing import Dict, Sequence

from gym_loop.loops.base_loop import Episode
from gym_loop.sinks.csv_file import CsvFile

COLUMNS = ("episode", "global_step", "return", "length", "seconds")


class EpisodesCsv(CsvFile):
    """Writes ``episode,global_step,return,length,seconds`` for every episode.

    Args:
        path: The CSV file.
        first_episode: A resumed run's first episode: rows from there on are dropped at start.
        clock: Returns the run's seconds so far.
    """

    def __init__(self, path: Path, first_episode: int, clock):
        super().__init__(path, COLUMNS, keep=lambda row: int(row[0]) < first_episode)
        self._clock = clock

    def episodes(self, first: int, group: Sequence[Episode], metrics: Dict[str, float]) -> None:
        seconds = f"{self._clock():.3f}"
        self.write("".join([f"{number},{e.global_step},{float(e.episode_return)!r},{e.length},{seconds}\n"
                             for number, e in enumerate(group, first)]))
