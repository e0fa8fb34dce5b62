"""speed10a: a FlushSoon file flushes from one thread of its own for its whole life, not a thread per flush (a
thread start made the run's thread wait, ~4 times a second: docs/performance.rst)."""

import threading
import time

from gym_loop.sinks import flush_soon
from gym_loop.sinks.csv_file import CsvFile


def _until(condition, seconds=5.0):
    deadline = time.monotonic() + seconds
    while not condition() and time.monotonic() < deadline:
        time.sleep(0.005)
    return condition()


def test_one_thread_flushes_every_write_and_ends_at_close(tmp_path, monkeypatch):
    monkeypatch.setattr(flush_soon, "FLUSH_SECONDS", 0.01)
    started = []
    start = threading.Thread.start
    monkeypatch.setattr(threading.Thread, "start", lambda thread: (started.append(thread), start(thread))[1])
    path = tmp_path / "episodes.csv"
    csv_file = CsvFile(path, ("episode", "global_step"))
    assert not started  # nothing written yet: no thread
    rows = ""
    for episode in range(4):  # each row flushed before the next is written: four flushes
        rows += f"{episode},{10 * episode}\n"
        csv_file.write(rows.splitlines(keepends=True)[-1])
        assert _until(lambda: path.read_text() == "episode,global_step\n" + rows)
    assert len(started) == 1
    csv_file.close()
    assert _until(lambda: not started[0].is_alive())
    assert path.read_text() == "episode,global_step\n" + rows


def test_closing_ends_the_thread(tmp_path, monkeypatch):  # no thread left behind per file
    monkeypatch.setattr(flush_soon, "FLUSH_SECONDS", 0.01)
    csv_file = CsvFile(tmp_path / "episodes.csv", ("episode",))
    csv_file.write("0\n")
    thread = csv_file._file._thread
    csv_file.close()
    assert _until(lambda: not thread.is_alive())


def test_a_file_dropped_unclosed_ends_its_thread(tmp_path, monkeypatch):  # no thread polling forever behind it
    import gc

    monkeypatch.setattr(flush_soon, "FLUSH_SECONDS", 0.01)
    path = tmp_path / "episodes.csv"
    csv_file = CsvFile(path, ("episode",))
    csv_file.write("0\n")
    thread = csv_file._file._thread
    del csv_file
    gc.collect()
    assert _until(lambda: not thread.is_alive())
    assert path.read_text() == "episode\n0\n"  # flushed by then, or by the file's own close
