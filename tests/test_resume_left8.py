"""left8: a resumed run restores its last periodic evaluation, so a resume that ends without evaluating gives the
same final scores (final/eval_mean_return, a sink's summary) as the run uninterrupted."""

import copy

from conftest import make_spec, read_scalars
from gym_loop.gym_loop import train_agent
from gym_loop.sinks import Sink


class Scores(Sink):
    def __init__(self):
        self.scores = None

    def summary(self, scores):
        self.scores = scores


def test_a_resume_that_does_not_evaluate_keeps_the_last_evaluation_as_final_score(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    spec = make_spec(max_episodes=3, episodes_per_eval=2, eval_episodes=2)
    spec["seed"] = 3
    whole = Scores()
    train_agent(copy.deepcopy(spec), run_dir=tmp_path / "whole", sinks=[whole])
    first = copy.deepcopy(spec)
    first["loop"]["parameters"]["max_episodes"] = 2  # stops after the evaluation at episode 2
    train_agent(first, run_dir=tmp_path / "cut")
    resumed = Scores()
    train_agent(copy.deepcopy(spec), resume=tmp_path / "cut", sinks=[resumed])  # plays episode 3, no evaluation
    assert "final/eval_mean_return" in whole.scores
    assert resumed.scores == whole.scores
    final = {run: read_scalars(tmp_path / run / "logs")["final/eval_mean_return"][-1][1] for run in ("whole", "cut")}
    assert final["cut"] == final["whole"]


def test_resuming_an_older_checkpoint_from_python_gives_python_advice(tmp_path, monkeypatch):
    import pytest

    from conftest import pointed
    from gym_loop.errors import GymLoopError

    monkeypatch.chdir(tmp_path)
    train_agent(make_spec(max_episodes=2), run_dir=tmp_path / "old")
    checkpoint = pointed(tmp_path / "old" / "checkpoints")
    (checkpoint / "state.json").rename(checkpoint / "loop.pkl")  # as gym-loop before 0.3 left it
    with pytest.raises(GymLoopError) as error:
        train_agent(None, resume=tmp_path / "old")
    assert str(error.value) == (f"{checkpoint} was written by an older gym-loop (loop.pkl) and cannot resume with this "
                                f"version; evaluate it with: eval_agent(None, run_dir='old', checkpoint="
                                f"'{checkpoint.name}'), or start a new run: train_agent(run_params)")
