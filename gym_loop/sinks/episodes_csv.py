"""Sink: ``episodes.csv``, one row per training episode."""

from pathlib import Path
from typing import Dict, Sequence

from gym_loop.loops.base_loop import Episode
from gym_loop.sinks.csv_file import CsvFile

COLUMNS = ("episode", "global_step", "return", "length", "seconds")
KEPT_TEXTS = 4096  # returns whose text is kept (CartPole's take a few hundred values); then it starts over


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
        # The text of each return written: repr of a float takes ~1,100 instructions of a row's ~5,800, a dict
        # lookup ~100; where returns repeat (CartPole's are whole numbers) a row takes 5,100 (64-row batches, as
        # VectorLoop's). Returns that never repeat cost one lookup more.
        self._texts: Dict[float, str] = {}

    def episodes(self, first: int, group: Sequence[Episode], metrics: Dict[str, float]) -> None:
        seconds, texts = f"{self._clock():.3f}", self._texts
        if len(texts) > KEPT_TEXTS:
            texts.clear()
        text = texts.get
        self.write("".join([f"{number},{e.global_step},{text(e.episode_return) or self._text(e.episode_return)},"
                            f"{e.length},{seconds}\n" for number, e in enumerate(group, first)]))

    def _text(self, episode_return: float) -> str:
        """The return as the CSV has it (repr of the float), kept unless it is zero (0.0 and -0.0 are equal keys)."""
        text = repr(float(episode_return))
        if episode_return:
            self._texts[episode_return] = text
        return text
