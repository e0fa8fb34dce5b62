"""Events written by the child process are all on disk after flush and close, as TensorBoard reads them."""

import os
import random

import pytest

from conftest import read_scalars
from gym_loop.loops import event_writer
from gym_loop.loops.event_writer import SEND_EVERY, EventWriter


@pytest.fixture(params=["child process", "this process"])
def writer_mode(request, monkeypatch):
    if request.param == "this process":
        monkeypatch.delattr(os, "fork")
    return request.param


def test_every_event_is_on_disk_after_flush_and_close(tmp_path, writer_mode):
    writer = EventWriter(str(tmp_path))
    assert (writer._file is None) == (writer_mode == "child process")
    count = SEND_EVERY * 2 + 7
    for step in range(count):
        writer.add(step, {"episode/return": float(step), "episode/length": step % 5})
    writer.flush()
    flushed = read_scalars(tmp_path)
    assert [step for step, _ in flushed["episode/return"]] == list(range(count))
    writer.add(count, {"episode/return": -1.0, "episode/length": 0})
    writer.close()
    scalars = read_scalars(tmp_path)
    assert scalars["episode/return"][-1] == (count, -1.0)
    assert [value for _, value in scalars["episode/length"]][:6] == [0, 1, 2, 3, 4, 0]


def test_a_resumed_writer_hides_what_was_logged_after_its_first_episode(tmp_path, writer_mode):
    first = EventWriter(str(tmp_path))
    for step in range(10):
        first.add(step, {"x": 1.0})
    first.close()
    resumed = EventWriter(str(tmp_path), first_episode=6)
    for step in range(6, 12):
        resumed.add(step, {"x": 2.0})
    resumed.close()
    assert read_scalars(tmp_path)["x"] == [(step, 1.0) for step in range(6)] + [(step, 2.0) for step in range(6, 12)]


def test_a_failure_in_the_child_is_reported(tmp_path, monkeypatch):
    def broken_write(self, batch):
        raise OSError("disk full")

    monkeypatch.setattr(event_writer._EventFile, "write", broken_write)  # inherited by the forked child
    writer = EventWriter(str(tmp_path))
    writer.add(0, {"x": 1.0})
    with pytest.raises(event_writer.GymLoopError, match="writing TensorBoard events failed: OSError: disk full"):
        writer.flush()


def test_batched_checksums_equal_tensorboardx_record_by_record():
    from tensorboardX.record_writer import masked_crc32c as one_at_a_time

    from gym_loop.loops.tfrecord import masked_crc32c

    rng = random.Random(0)
    blobs = [b"", b"\x00", b"a" * 300] + [rng.randbytes(rng.randint(1, 200)) for _ in range(200)]
    assert masked_crc32c(blobs) == [one_at_a_time(blob) for blob in blobs]
