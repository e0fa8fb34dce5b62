"""fix10c: a TensorBoard event file deleted while the run trains is said, and the rest of the run logged (tester10c-5)."""

import logging
import shutil

from conftest import read_scalars
from gym_loop.loops.base_loop import Episode
from gym_loop.sinks.tensorboard import TensorBoard


def _episodes(sink, first, count):
    sink.episodes(first, [Episode(float(number), 1, number + 1) for number in range(first, first + count)], {})


def test_logs_deleted_while_training_are_said_and_a_new_event_file_takes_the_rest(tmp_path, caplog):
    logs = tmp_path / "run" / "logs"
    sink = TensorBoard(logs)
    _episodes(sink, 0, 3)
    sink.flush()
    shutil.rmtree(logs)
    with caplog.at_level(logging.WARNING):
        sink.flush()  # at the next checkpoint
    [warning] = [record.getMessage() for record in caplog.records]
    assert "was deleted while the run trains: the TensorBoard points written to it are lost; the rest of the run " \
           "goes to a new event file, events.out.tfevents." in warning
    _episodes(sink, 3, 2)
    sink.close()
    assert [step for step, _ in read_scalars(logs)["episode/return"]] == [4, 5]


def test_a_moved_run_folder_is_not_made_again(tmp_path, caplog):
    logs = tmp_path / "run" / "logs"
    sink = TensorBoard(logs)
    _episodes(sink, 0, 1)
    (tmp_path / "run").rename(tmp_path / "moved")
    with caplog.at_level(logging.WARNING):
        sink.flush()  # the checkpoint then says the folder moved
    sink.close()
    assert not (tmp_path / "run").exists() and not caplog.records
