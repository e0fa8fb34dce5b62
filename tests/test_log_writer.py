"""Events and CSV rows written by the child process are all on disk after flush and close, as TensorBoard reads them."""

import os
import random
import struct

import pytest

from conftest import read_scalars
from gym_loop.loops import log_writer
from gym_loop.loops.log_writer import LENGTH, RETURN, SEND_EVERY, LogWriter


@pytest.fixture(params=["child process", "this process"])
def writer_mode(request, monkeypatch):
    if request.param == "this process":
        monkeypatch.delattr(os, "fork")
    return request.param


def test_every_event_is_on_disk_after_flush_and_close(tmp_path, writer_mode):
    writer = LogWriter(str(tmp_path))
    assert (writer._files is None) == (writer_mode == "child process")
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


def test_a_group_of_episodes_makes_an_event_and_a_csv_row_each(tmp_path, writer_mode):
    csv_path = tmp_path / "episodes.csv"
    csv_path.write_text("episode,global_step,return,length,seconds\n")
    writer = LogWriter(str(tmp_path / "tb"), csv_path=str(csv_path))
    writer.add(0, {"m": 0.5}, {RETURN: [1.0], LENGTH: [3]}, ([3], 0.25))
    writer.add(1, {"m": 0.75}, {RETURN: [2.5, -1.0], LENGTH: [4, 7], "episode/env": [5, 0]}, ((10, 14), 1.5))
    writer.add(2, {"eval/mean_return": 9.0})
    writer.flush()
    assert csv_path.read_text().splitlines()[1:] == ["0,3,1.0,3,0.250", "1,10,2.5,4,1.500", "2,14,-1.0,7,1.500"]
    writer.close()
    scalars = read_scalars(tmp_path / "tb")
    assert scalars["episode/return"] == [(0, 1.0), (1, 2.5), (2, -1.0)]
    assert scalars["episode/length"] == [(0, 3), (1, 4), (2, 7)]
    assert scalars["m"] == [(0, 0.5), (1, 0.75), (2, 0.75)]
    assert scalars["episode/env"] == [(1, 5.0), (2, 0.0)]
    assert scalars["eval/mean_return"] == [(2, 9.0)]


def test_records_of_any_size_and_tags_are_read_back_event_by_event(tmp_path, writer_mode):
    writer, rng, step = LogWriter(str(tmp_path)), random.Random(2), 100
    expected = {RETURN: [], "m": [], "eval/mean_return": []}
    for record in range(600):
        if record == 300:
            step += 16000  # steps cross the varint sizes at 128 and 16384 (a skip, as TensorBoard keeps 10,000)
        rows, metric = rng.choice([1, 1, 2, 5, 64]), rng.random()
        returns = [rng.uniform(-100, 100) for _ in range(rows)]
        writer.add(step, {"m": metric}, {RETURN: returns, LENGTH: [1] * rows})
        expected[RETURN] += [(step + row, value) for row, value in enumerate(returns)]
        expected["m"] += [(step + row, metric) for row in range(rows)]
        step += rows
        if record % 50 == 49:  # other tags in the middle of a batch
            writer.add(step - 1, {"eval/mean_return": float(record)})
            expected["eval/mean_return"].append((step - 1, float(record)))
    writer.close()
    scalars = read_scalars(tmp_path)
    assert step > 16384
    for tag, points in expected.items():
        assert [point_step for point_step, _ in scalars[tag]] == [point_step for point_step, _ in points]
        assert [value for _, value in scalars[tag]] == pytest.approx([value for _, value in points], rel=1e-6)


def test_a_name_may_be_a_scalar_of_one_record_and_a_column_of_the_next(tmp_path, writer_mode):
    writer = LogWriter(str(tmp_path))
    writer.add(0, {"m": 0.5}, {RETURN: [1.0], LENGTH: [3]})
    writer.add(1, {}, {RETURN: [2.0, 3.0], LENGTH: [4, 5], "m": [0.25, 0.75]})
    writer.close()
    assert read_scalars(tmp_path)["m"] == [(0, 0.5), (1, 0.25), (2, 0.75)]


def test_a_resumed_writer_hides_what_was_logged_after_its_first_episode(tmp_path, writer_mode):
    first = LogWriter(str(tmp_path))
    for step in range(10):
        first.add(step, {"x": 1.0})
    first.close()
    resumed = LogWriter(str(tmp_path), first_episode=6)
    for step in range(6, 12):
        resumed.add(step, {"x": 2.0})
    resumed.close()
    assert read_scalars(tmp_path)["x"] == [(step, 1.0) for step in range(6)] + [(step, 2.0) for step in range(6, 12)]


def test_a_failure_in_the_child_is_reported(tmp_path, monkeypatch):
    def broken_write(self, batch):
        raise OSError("disk full")

    monkeypatch.setattr(log_writer._LogFiles, "write", broken_write)  # inherited by the forked child
    writer = LogWriter(str(tmp_path))
    writer.add(0, {"x": 1.0})
    with pytest.raises(log_writer.GymLoopError, match="writing the logs failed: OSError: disk full"):
        writer.flush()


def test_batched_checksums_and_framing_equal_tensorboardx_record_by_record():
    import numpy as np
    from tensorboardX.record_writer import masked_crc32c as one_at_a_time

    from gym_loop.loops.tfrecord import frame, frame_rows, masked_crc32c

    def framed(record):  # as tensorboardX's RecordWriter.write frames a record
        header = struct.pack("<Q", len(record))
        return header + struct.pack("<I", one_at_a_time(header)) + record + struct.pack("<I", one_at_a_time(record))

    rng = random.Random(0)
    blobs = [b"", b"\x00", b"a" * 300] + [rng.randbytes(rng.randint(1, 200)) for _ in range(200)]
    assert masked_crc32c(blobs) == [one_at_a_time(blob) for blob in blobs]
    assert frame(blobs) == b"".join(map(framed, blobs))
    for length in (0, 1, 8, 77):
        rows = [rng.randbytes(length) for _ in range(rng.randint(1, 40))]
        matrix = np.frombuffer(b"".join(rows), dtype=np.uint8).reshape(len(rows), length)
        assert frame_rows(matrix) == b"".join(map(framed, rows))


def test_hand_encoded_events_equal_tensorboardx_protobufs():
    from tensorboardX.proto.event_pb2 import Event, SessionLog
    from tensorboardX.proto.summary_pb2 import Summary

    from gym_loop.loops.event_proto import file_version_event, scalar_events, session_start_event

    rng = random.Random(0)
    values = [0.0, -0.0, 21, -1.5, float("nan"), float("inf"), -float("inf"), 1e39, -1e39, 3.40282356e38, 1e-46, 2**40]
    for _ in range(300):
        rows = rng.randint(1, 40)
        # Steps of different varint sizes in one batch, 0 (left out of the protobuf) among them, in any order.
        steps = [rng.choice([0, 1, 127, 128, 16383, 16384, 2**40, 2**63 - 1, rng.randint(0, 10**9)])
                 for _ in range(rows)]
        if rng.random() < 0.5:
            steps.sort()
        wall_times = [rng.choice([0.5, 1.7e9 + rng.random()]) for _ in range(rows)]
        tags = [rng.choice(["episode/return", "x", "ü/ñ", "t" * 200]) + str(k) for k in range(rng.randint(0, 5))]
        table = [[rng.choice(values + [rng.gauss(0, 1e6)]) for _ in tags] for _ in range(rows)]
        expected = [Event(wall_time=wall_time, step=step, summary=Summary(
            value=[Summary.Value(tag=tag, simple_value=value) for tag, value in zip(tags, row)])).SerializeToString()
            for step, wall_time, row in zip(steps, wall_times, table)]
        events = scalar_events(steps, wall_times, tags, table)
        assert [row.tobytes() for matrix in events for row in matrix] == expected
    assert file_version_event(12.5) == Event(wall_time=12.5, file_version="brain.Event:2").SerializeToString()
    for step in (1, 6, 300, 10**7):
        expected = Event(step=step, session_log=SessionLog(status=SessionLog.START))
        assert session_start_event(step) == expected.SerializeToString()
