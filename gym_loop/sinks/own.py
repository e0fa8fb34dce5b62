"""A sink of the user's own (``train_agent(sinks=[...])``), whose exceptions are told in one line naming it."""

from typing import Any, Dict, Sequence

from gym_loop.errors import one_line_failure
from gym_loop.loops.base_loop import Episode
from gym_loop.sinks import Evaluation, Sink


class OwnSink(Sink):
    """Hands everything on to ``sink``; its failure becomes ``<Sink>.<method>() failed ...: <type>: <message>``,
    as a loop's does (``BadSink.episodes() failed at episode 4: ConnectionError: network down``), and is not
    taken for a failed write of the run's own files."""

    def __init__(self, sink: Any):
        self.sink, self.name = sink, type(sink).__name__

    def episodes(self, first: int, group: Sequence[Episode], metrics: Dict[str, float]) -> None:
        with one_line_failure(lambda: f"{self.name}.episodes() failed at episode {first}"):
            self.sink.episodes(first, group, metrics)

    def evaluation(self, result: Evaluation) -> None:
        with one_line_failure(lambda: f"{self.name}.evaluation() failed in the evaluation after {result.episode} "
                                      "episodes"):
            self.sink.evaluation(result)

    def flush(self) -> None:
        with one_line_failure(f"{self.name}.flush() failed"):
            self.sink.flush()

    def summary(self, scores: Dict[str, float]) -> None:
        with one_line_failure(f"{self.name}.summary() failed"):
            self.sink.summary(scores)

    def close(self) -> None:
        with one_line_failure(f"{self.name}.close() failed"):
            self.sink.close()
