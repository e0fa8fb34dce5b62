"""tester15c-6: the HParams session of every run said STATUS_SUCCESS (tensorboardX's hparams() always does), also of an
interrupted run, and a failed run wrote none. Now its status is the run's end: finished -> success, failed -> failure
(no scores), interrupted or pruned -> unknown."""

from tensorboard.backend.event_processing.event_accumulator import EventAccumulator
from tensorboard.plugins.hparams import api_pb2, plugin_data_pb2

from conftest import make_spec, run_cli, write_spec

AGENT = """
from gym_loop.agents import BaseAgent

class Failing(BaseAgent):
    def act(self, state, episode_num):
        if episode_num >= 2:
            raise ValueError("boom")
        return self.parameters["action_space"].sample()

    def memorize(self, last_ob, action, reward, done, ob):
        pass

    def update(self, episode_num):
        pass
"""


def session_status(run):
    events = EventAccumulator(str(run / "logs"), size_guidance={"tensors": 0})
    events.Reload()
    content = events.PluginTagToContent("hparams")["_hparams_/session_end_info"]
    return api_pb2.Status.Name(plugin_data_pb2.HParamsPluginData.FromString(content).session_end_info.status)


def test_the_hparams_session_status_is_the_runs_end(tmp_path):
    (tmp_path / "failing.py").write_text(AGENT)
    write_spec(tmp_path / "ok.yaml", make_spec(max_episodes=3))
    spec = make_spec(max_episodes=5)
    spec["agent"] = {"class": "failing.py:Failing", "parameters": {}}
    write_spec(tmp_path / "bad.yaml", spec)
    assert run_cli("-q", "train", "-c", "ok.yaml", "--run-dir", "ok", cwd=tmp_path).returncode == 0
    failed = run_cli("-q", "train", "-c", "bad.yaml", "--run-dir", "bad", cwd=tmp_path)
    assert failed.returncode == 1 and "boom" in failed.stderr, failed.stderr
    assert session_status(tmp_path / "ok") == "STATUS_SUCCESS"
    assert session_status(tmp_path / "bad") == "STATUS_FAILURE"


def test_an_interrupted_runs_session_status_is_unknown(tmp_path):
    from gym_loop.sinks.tensorboard import TensorBoard

    sink = TensorBoard(tmp_path / "logs", hparams={"seed": 1})
    try:
        sink.summary({"final/mean_return": 1.0}, status="interrupted")
    finally:
        sink.close()
    assert session_status(tmp_path) == "STATUS_UNKNOWN"
