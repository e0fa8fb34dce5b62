"""Mutation-testing kills (tester12f): what a resumed run keeps of its CSV files, and the TensorBoard steps."""

import pytest

from conftest import read_scalars
from gym_loop.loops.base_loop import Episode
from gym_loop.sinks import Evaluation
from gym_loop.sinks.csv_file import complete_rows
from gym_loop.sinks.episodes_csv import COLUMNS, EpisodesCsv
from gym_loop.sinks.evals_csv import EvalsCsv

EVALS_HEADER = ",".join(Evaluation._fields)


def _evals_rows(episodes):
    return "".join(f"{e},{e * 10},1.0,0.0,1.0,1.0,10.0,4\n" for e in episodes)  # n: 4 episodes


def test_a_resume_keeps_the_evaluation_at_its_checkpoint(tmp_path):
    path = tmp_path / "evals.csv"
    path.write_text(EVALS_HEADER + "\n" + _evals_rows([5, 10, 15]))
    EvalsCsv(path, first_episode=10).close()
    assert [row[0] for row in complete_rows(path, len(Evaluation._fields))][1:] == ["5", "10"]


def test_a_resume_drops_episodes_from_its_checkpoint_on(tmp_path):
    path = tmp_path / "episodes.csv"
    path.write_text(",".join(COLUMNS) + "\n" + "".join(f"{n},{n * 10},1.0,10,0.1\n" for n in range(6)))
    EpisodesCsv(path, first_episode=4, clock=lambda: 0.0).close()
    assert path.read_text() == ",".join(COLUMNS) + "\n" + "".join(f"{n},{n * 10},1.0,10,0.1\n" for n in range(4))


def test_a_row_cut_short_is_not_a_row(tmp_path):
    path = tmp_path / "evals.csv"
    path.write_text(EVALS_HEADER + "\n" + _evals_rows([5]) + "10,100,1.0,0.0,1.0,1.0,10.0,4")
    assert [row[0] for row in complete_rows(path, len(Evaluation._fields))] == ["episode", "5"]


def test_tensorboard_steps_by_env_step_and_by_episode_and_summary_after_the_last(tmp_path):
    from gym_loop.sinks.tensorboard import TensorBoard

    group = [Episode(1.0, 10, 10), Episode(2.0, 20, 30), Episode(3.0, 5, 35)]
    sink = TensorBoard(tmp_path / "steps")
    sink.episodes(0, group, {})
    sink.summary({"final/mean_return": 2.0})
    sink.close()
    scalars = read_scalars(tmp_path / "steps")
    assert scalars["episode/return"] == [(10, 1.0), (30, 2.0), (35, 3.0)]
    assert [step for step, _ in scalars["final/mean_return"]] == [36]

    sink = TensorBoard(tmp_path / "episodes", by_episode=True)
    sink.episodes(4, group, {})
    sink.close()
    assert [step for step, _ in read_scalars(tmp_path / "episodes")["episode/return"]] == [4, 5, 6]


def test_tensorboard_batch_point_has_min_max_and_last_index(tmp_path):
    from gym_loop.sinks.tensorboard import TensorBoard

    sink = TensorBoard(tmp_path / "batch", point_per_batch=True)
    sink.episodes(3, [Episode(4.0, 10, 10), Episode(-2.0, 20, 30), Episode(7.0, 6, 36)], {})
    sink.close()
    scalars = read_scalars(tmp_path / "batch")
    assert scalars["episode/return_min"] == [(36, -2.0)]
    assert scalars["episode/return_max"] == [(36, 7.0)]
    assert scalars["episode/return"] == [(36, pytest.approx(3.0))]
    assert scalars["episode/length"] == [(36, pytest.approx(12.0))]
    assert scalars["episode/index"] == [(36, 5.0)]
    assert scalars["episode/count"] == [(36, 3.0)]


def test_a_resumed_tensorboard_summary_without_episodes_goes_at_the_purge_step(tmp_path):
    from gym_loop.sinks.tensorboard import TensorBoard

    sink = TensorBoard(tmp_path / "resumed", purge_step=100)
    sink.summary({"final/mean_return": 1.0})
    sink.close()
    assert [step for step, _ in read_scalars(tmp_path / "resumed")["final/mean_return"]] == [100]
