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
