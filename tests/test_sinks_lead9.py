"""Sinks put what they are handed on disk within half a second, without a checkpoint's flush (tester9c-1)."""

import time

from gym_loop.loops.base_loop import Episode
from gym_loop.sinks.tensorboard import TensorBoard


def _size_once_written(path_of, at_least, wait=10.0):
    """The size of the file ``path_of()`` once it exceeds ``at_least`` bytes, or its size after ``wait`` s."""
    deadline = time.monotonic() + wait
    while time.monotonic() < deadline:
        size = path_of().stat().st_size
        if size > at_least:
            return size
        time.sleep(0.05)
    return path_of().stat().st_size


def test_tensorboard_points_reach_the_disk_without_a_flush(tmp_path):
    sink = TensorBoard(tmp_path)
    events = lambda: next(tmp_path.glob("events.out.tfevents.*"))  # noqa: E731
    try:
        time.sleep(0.6)  # the file version record's own flush passes
        before = events().stat().st_size
        sink.episodes(0, [Episode(1.0, 10, 10)], {"loss": 0.5})
        assert _size_once_written(events, before) > before  # before: buffered until a checkpoint's flush
    finally:
        sink.close()


def test_time_checkpoints_count_from_the_last_checkpoint_written(monkeypatch):
    """tester9c-4/-7: the clock restarts at any checkpoint (one of episodes_per_checkpoint too), not when the
    rule asks; a due checkpoint the run skipped is asked for again at the next episode."""
    from gym_loop.schedule import CHECKPOINT
    from gym_loop.schedule import checkpoint_by_time

    now = [100.0]
    monkeypatch.setattr(checkpoint_by_time.time, "monotonic", lambda: now[0])
    rule = checkpoint_by_time.CheckpointByTime(10)
    now[0] = 109.0
    assert rule.after_episode(None) is None
    rule.after_checkpoint(None)  # episodes_per_checkpoint's, at 109
    now[0] = 111.0
    assert rule.after_episode(None) is None  # 2 s after the last checkpoint, not 11
    now[0] = 119.5
    assert rule.after_episode(None) == CHECKPOINT
    now[0] = 119.6
    assert rule.after_episode(None) == CHECKPOINT  # skipped (thinned): still due
    rule.after_checkpoint(None)
    assert rule.after_episode(None) is None
