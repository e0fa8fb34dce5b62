"""The CSV files a run appends to keep only whole rows when a resumed run rewrites them."""

import errno
import time

import pytest

from gym_loop.sinks import flush_soon
from gym_loop.sinks.csv_file import CsvFile


def test_a_row_cut_short_by_a_crash_is_dropped_on_resume(tmp_path):
    path = tmp_path / "episodes.csv"
    path.write_text("episode,global_step\n0,10\n1,20\n1,2,3\n2")  # a stray wide row, then a line cut short
    CsvFile(path, ("episode", "global_step"), keep=lambda row: int(row[0]) < 5).close()
    assert path.read_text() == "episode,global_step\n0,10\n1,20\n"


def test_rows_are_on_disk_within_a_second_without_more_writes(tmp_path):  # tail -f shows an episode soon
    path = tmp_path / "episodes.csv"
    csv_file = CsvFile(path, ("episode", "global_step"))
    try:
        for rows in ("0,10\n", "0,10\n1,20\n"):
            csv_file.write(rows[-5:])
            started = time.monotonic()
            while path.read_text() != "episode,global_step\n" + rows and time.monotonic() < started + 1:
                time.sleep(0.01)
            assert path.read_text() == "episode,global_step\n" + rows
    finally:
        csv_file.close()
    assert path.read_text() == "episode,global_step\n0,10\n1,20\n"


def test_closing_flushes_what_waits(tmp_path):
    path = tmp_path / "episodes.csv"
    csv_file = CsvFile(path, ("episode", "global_step"))
    csv_file.write("0,10\n")
    csv_file.close()
    assert path.read_text() == "episode,global_step\n0,10\n"


class _FullDisk:
    closed = False

    def write(self, data):
        pass

    def flush(self):
        raise OSError(errno.ENOSPC, "No space left on device")


def test_a_flush_that_fails_in_the_timer_fails_the_next_write(tmp_path, monkeypatch):  # not a thread's traceback
    monkeypatch.setattr(flush_soon, "FLUSH_SECONDS", 0.01)
    sink = CsvFile(tmp_path / "episodes.csv", ["episode"])
    sink._file.file = _FullDisk()
    sink.write("0\n")
    time.sleep(0.3)
    with pytest.raises(OSError, match="No space left on device"):
        sink.write("1\n")
