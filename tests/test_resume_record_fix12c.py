"""A resume checks and cuts a long run's episodes.csv streaming it: memory does not grow with the run (tester12c-5)."""

import tracemalloc

import pytest

from gym_loop.errors import GymLoopError
from gym_loop.run_record import check_record
from gym_loop.sinks.episodes_csv import COLUMNS, EpisodesCsv

ROWS = 100_000


def _episodes(path, rows, extra=""):
    with open(path, "w") as file:
        file.write(",".join(COLUMNS) + "\n")
        file.writelines(f"{i},{5 * i},{i % 7}.0,5,{i * 0.001:.3f}\n" for i in range(rows))
        file.write(extra)
    return path


def _peak(call):
    tracemalloc.start()
    try:
        result = call()
        return result, tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_checking_a_long_episodes_csv_holds_no_row_list(tmp_path):
    path = _episodes(tmp_path / "episodes.csv", ROWS)
    state = {"run": {"summary": {"episodes": ROWS - 10}}}
    _, peak = _peak(lambda: check_record({"episodes_csv": str(path)}, state, tmp_path, tmp_path / "ckpt"))
    assert peak < 1_000_000, f"peak {peak} bytes"


def test_a_missing_episode_is_still_named(tmp_path):
    path = tmp_path / "episodes.csv"
    path.write_text(",".join(COLUMNS) + "\n" + "".join(f"{i},{i},1.0,1,0.0\n" for i in (0, 1, 4, 2, 9, 7)) + "8,1")
    state = {"run": {"summary": {"episodes": 9}}}
    with pytest.raises(GymLoopError, match=r"has 5 of the 9 episodes .* leave episodes 3, 5-6, 8 out of it"):
        check_record({"episodes_csv": str(path)}, state, tmp_path, tmp_path / "ckpt")


def test_resuming_cuts_a_long_episodes_csv_in_place_streaming_it(tmp_path):
    path = _episodes(tmp_path / "episodes.csv", ROWS, extra=f"{ROWS},1,2")  # a last row cut short
    size = path.stat().st_size
    sink, peak = _peak(lambda: EpisodesCsv(path, ROWS - 3, clock=lambda: 0.0))
    sink.close()
    assert peak < 1_000_000, f"peak {peak} bytes"
    lines = path.read_text().splitlines()
    assert len(lines) == ROWS - 2 and lines[-1].startswith(f"{ROWS - 4},") and path.stat().st_size < size


def test_a_stray_row_after_the_kept_ones_still_rewrites_the_file(tmp_path):
    path = tmp_path / "episodes.csv"
    path.write_text(",".join(COLUMNS) + "\n0,1,1.0,1,0.0\n5,2,1.0,1,0.0\n1,3,1.0,1,0.0\n2,4,1.0,1,0.0\n")
    EpisodesCsv(path, 2, clock=lambda: 0.0).close()
    assert path.read_text() == ",".join(COLUMNS) + "\n0,1,1.0,1,0.0\n1,3,1.0,1,0.0\n"
