"""TensorBoard's scalars as data (tester13e-1, -4): a value beyond float32 is said, and a VectorLoop step has one point."""

import logging

from conftest import make_spec, read_scalars
from gym_loop.gym_loop import train_agent
from gym_loop.loops.base_loop import Episode
from gym_loop.sinks import Evaluation
from gym_loop.sinks.tensorboard import TensorBoard


def test_a_finite_value_beyond_float32_is_warned_once_per_tag(tmp_path, caplog):
    sink = TensorBoard(tmp_path / "logs")
    with caplog.at_level(logging.WARNING):
        sink.episodes(0, [Episode(1e308, 4, 4), Episode(2e308 / 2, 4, 8)], {"agent/big": 1e39, "agent/ok": 3.0})
        sink.episodes(2, [Episode(-3.5e38, 4, 12)], {"agent/big": 1e39, "agent/ok": 3.0})
        sink.evaluation(Evaluation(3, 12, 1e300, 0.0, 1e300, 1e300, 4.0))
        sink.summary({"final/mean_return": 1e308})
    sink.close()
    warned = {record.getMessage().split("'")[1]: record.getMessage() for record in caplog.records}
    assert len(caplog.records) == len(warned) == 6, warned
    assert sorted(warned) == ["agent/big", "episode/return", "eval/max_return", "eval/mean_return", "eval/min_return",
                              "final/mean_return"]
    assert warned["episode/return"] == (
        "TensorBoard scalar 'episode/return' is 1e+308, beyond float32's range (3.4e+38): written as inf (warned once "
        "per tag); episodes.csv and evals.csv hold the exact returns")
    assert warned["agent/big"].startswith("TensorBoard scalar 'agent/big' is 1e+39, beyond") and warned[
        "agent/big"].endswith("written as inf (warned once per tag); log it scaled down (say its log10) to chart it")


def test_values_within_float32_are_not_warned(tmp_path, caplog):
    sink = TensorBoard(tmp_path / "logs", point_per_batch=True)
    with caplog.at_level(logging.WARNING):
        sink.episodes(0, [Episode(3.4e38, 4, 4), Episode(-3.4e38, 4, 4)], {"agent/nan": float("nan")})
    sink.close()
    assert caplog.records == []


def _vector_spec(tmp_path, **parameters):
    spec = make_spec(max_episodes=31, episodes_per_eval=10, eval_episodes=1, episodes_per_checkpoint=10,
                     max_episode_len=1, num_envs=4, **parameters)
    spec["loop"]["class"] = "gym_loop.loops.vector_loop:VectorLoop"
    spec["runs_dir"] = str(tmp_path / "runs")
    return spec


def test_vectorloop_writes_one_point_per_step_when_an_evaluation_splits_a_vector_step(tmp_path):
    """Every other vector step ends 4 episodes (max_episode_len 1): the evaluations and checkpoints after 10 and 30
    episodes fall within one, and max_episodes 31 stops the run within the one of 30."""
    summary = train_agent(_vector_spec(tmp_path), run_dir=tmp_path / "run")
    assert summary.episodes == 31
    scalars = read_scalars(tmp_path / "run" / "logs")
    for tag in ("episode/return", "episode/count", "episode/index"):
        steps = [step for step, _ in scalars[tag]]
        assert len(steps) == len(set(steps)), (tag, scalars[tag])
    assert sum(count for _, count in scalars["episode/count"]) == 31
    assert scalars["episode/index"][-1] == (32, 30.0)
    assert [step for step, _ in scalars["eval/mean_return"]] == [12, 20, 32]
