"""A sink of the user's own (``train_agent(sinks=[...])``), checked when given and whose exceptions are told in one
line naming it."""

from typing import Any, Dict, Iterable, List, Sequence

from gym_loop.errors import SpecError, given_list, one_line_failure, warned_failure
from gym_loop.loops.base_loop import Episode
from gym_loop.sinks import Evaluation, Sink

METHODS = {"episodes": "first, group, metrics", "evaluation": "result", "flush": "", "summary": "scores", "close": ""}


def own_sinks(sinks: Iterable[Any], key: str = "sinks") -> List["OwnSink"]:
    """``sinks`` (given as ``key``), each as an :class:`OwnSink`; those already are pass as they are.

    Raises:
        SpecError: One sink, not a list; a class, not an instance; a sink without every method of
            :class:`~gym_loop.sinks.Sink`, or one that cannot take the run's arguments.
    """
    checked = []
    for index, sink in enumerate(given_list(sinks, key, "sinks", METHODS)):
        if not isinstance(sink, OwnSink):
            missing = [f"{name}()" for name in METHODS if not callable(getattr(sink, name, None))]
            if missing:
                raise SpecError(f"{key}[{index}]", f"{type(sink).__name__} has no {', '.join(missing)}; subclass "
                                                   "gym_loop.sinks.Sink (its methods do nothing) or define them")
            sink = OwnSink(sink)
        checked.append(sink)
    return checked


class OwnSink(Sink):
    """Hands everything on to ``sink``; its failure becomes ``<Sink>.<method>() failed ...: <type>: <message>``,
    as a loop's does (``BadSink.episodes() failed at episode 4: ConnectionError: network down``), and is not
    taken for a failed write of the run's own files. A failing ``summary()`` or ``close()`` (the last calls, once
    the run's work is saved) is a warning: what ran is kept, and an earlier failure stays the run's reason."""

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
        with warned_failure(f"{self.name}.summary() failed"):
            self.sink.summary(scores)

    def close(self) -> None:
        with warned_failure(f"{self.name}.close() failed"):
            self.sink.close()
