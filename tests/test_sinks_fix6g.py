"""A sink of your own that raises is named in the one-line error and in run.json, as a loop is (tester6d #8)."""

import json

import pytest

from conftest import make_spec
from gym_loop.errors import GymLoopError
from gym_loop.gym_loop import train_agent
from gym_loop.sinks import Sink


class NetworkSink(Sink):
    def episodes(self, first, group, metrics):
        if first >= 4:
            raise ConnectionError("tracker: network down")  # an OSError, not one of the run's own files


class EvaluationSink(Sink):
    def evaluation(self, result):
        raise KeyError("run_id")


@pytest.mark.parametrize("sink, message", [
    (NetworkSink(), "NetworkSink.episodes() failed at episode 4: ConnectionError: tracker: network down"),
    (EvaluationSink(), "EvaluationSink.evaluation() failed in the evaluation after 2 episodes: KeyError: 'run_id'"),
], ids=["episodes", "evaluation"])
def test_a_failing_sink_of_your_own_is_named_with_where_the_run_was(tmp_path, sink, message):
    spec = make_spec(max_episodes=6, episodes_per_eval=2, eval_episodes=1)
    with pytest.raises(GymLoopError) as raised:
        train_agent(spec, run_dir=tmp_path / "run", sinks=[sink])
    assert str(raised.value) == message
    record = json.loads((tmp_path / "run" / "run.json").read_text())
    assert (record["status"], record["reason"]) == ("failed", message)

