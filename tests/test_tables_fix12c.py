"""Reading a run's CSV tables scales with what is kept, not with the run's length (tester12c-1, -2, -4)."""

import builtins
import tracemalloc

import numpy as np
import pytest

from gym_loop import stats
from gym_loop.files import whole_rows
from gym_loop.plots.runs import EPISODE_COLUMNS, _columns
from gym_loop.sweeps import runinfo, scores


def _episodes(path, rows, tail=""):
    with open(path, "w") as file:
        file.write("episode,global_step,return,length,seconds\n")
        step = 0
        for i in range(rows):
            step += 5 + i % 13
            file.write(f"{i},{step},{(i % 7) / 7:.4f},{5 + i % 13},{i * 0.001:.3f}\n")
        file.write(tail)
    return path


def _counting_open(monkeypatch):
    read = []

    class Counted:
        def __init__(self, file):
            self.file = file

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            self.file.close()

        def __getattr__(self, name):
            method = getattr(self.file, name)
            if name not in ("read", "readline", "readlines"):
                return method

            def counted(*args):
                data = method(*args)
                read.append(sum(map(len, data)) if name == "readlines" else len(data))
                return data
            return counted

        def __iter__(self):
            for line in self.file:
                read.append(len(line))
                yield line

    monkeypatch.setattr(runinfo, "open", lambda *a, **k: Counted(builtins.open(*a, **k)), raising=False)
    return read


def test_last_100_score_reads_only_the_end_of_a_long_episodes_csv(tmp_path, monkeypatch):
    path = _episodes(tmp_path / "episodes.csv", 200_000, tail="200000,1,0.5")  # last line cut short
    returns = np.array([(i % 7) / 7 for i in range(200_000)])
    expected = float(np.array([float(f"{r:.4f}") for r in returns[-100:]]).sum() / 100)
    read = _counting_open(monkeypatch)
    score, fault = scores.table_score(path, "last-100")
    assert fault is None and score == pytest.approx(expected, abs=1e-12)
    assert sum(read) < 200_000, f"read {sum(read)} of {path.stat().st_size} bytes"


def test_last_rows_keeps_the_whole_rows_rule(tmp_path):
    path = tmp_path / "t.csv"
    path.write_text("a,b\n" + "".join(f"{i},{i}\n" for i in range(50)) + "x\n" + "1,2,3\n" + "7,")
    full = whole_rows(path.read_text().splitlines(keepends=True))
    for count in (1, 3, 48, 50, 60):
        assert runinfo.last_rows(path, count) == full[-count:]
    assert runinfo.last_row(path) == full[-1]
    assert runinfo.last_rows(tmp_path / "missing.csv", 5) == [] and runinfo.last_row(None) is None
    (tmp_path / "h.csv").write_text("a,b\n")
    assert runinfo.last_rows(tmp_path / "h.csv", 5) == []


def test_a_solved_run_short_of_100_episodes_is_still_counted(tmp_path):
    path = _episodes(tmp_path / "episodes.csv", 40)
    assert len(runinfo.last_rows(path, scores.LAST)) == 40


def test_plot_columns_hold_arrays_not_rows(tmp_path):
    path = _episodes(tmp_path / "episodes.csv", 50_000, tail="50000,7,")
    path.with_name("x").write_text("")
    tracemalloc.start()
    try:
        columns = _columns(path, EPISODE_COLUMNS, tmp_path)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert len(columns["return"]) == 50_000 and columns["episode"][-1] == 49_999
    assert peak < 4 * 50_000 * len(EPISODE_COLUMNS) * 8, f"peak {peak} bytes"


def test_plot_columns_skip_damaged_rows_as_before(tmp_path):
    path = tmp_path / "e.csv"
    path.write_text("episode,global_step,return,length,seconds\n0,5,1.0,5,0.1\n1,abc,1.0,5,0.1\n2,9,2.0\n"
                    "3,12,3.0,5,0.2\n\n4,15,4.0,5,0.3,9\n5,20,5.0,5,0.4\n6,2")
    columns = _columns(path, EPISODE_COLUMNS, tmp_path)
    assert columns["episode"].tolist() == [0.0, 3.0, 5.0] and columns["return"].tolist() == [1.0, 3.0, 5.0]
    assert _columns(path, ("episode", "nope"), tmp_path)["episode"].tolist() == []
    assert _columns(None, EPISODE_COLUMNS, tmp_path)["return"].shape == (0,)


def _pairwise(x, y):  # the definition, every pair compared
    x, y = np.asarray(x, float)[..., :, None], np.asarray(y, float)[..., None, :]
    return (np.greater(x, y) + 0.5 * np.equal(x, y)).mean(axis=(-2, -1))


def test_probability_of_improvement_is_the_pairwise_one_exactly():
    rng = np.random.default_rng(3)
    for n, m in ((1, 1), (7, 5), (40, 33)):
        x, y = rng.integers(0, 6, size=(9, n)).astype(float), rng.integers(0, 6, size=(9, m)).astype(float)
        assert np.array_equal(stats.probability_of_improvement(x, y), _pairwise(x, y))
        assert stats.probability_of_improvement(x[0], y[0]) == _pairwise(x[0], y[0])
    x, y = rng.random(300), rng.random(200)
    assert stats.probability_of_improvement(x, y) == _pairwise(x, y)
    assert stats.probability_of_improvement([1.0, np.inf], [-np.inf, np.inf]) == _pairwise([1.0, np.inf],
                                                                                          [-np.inf, np.inf])


def test_probability_of_improvement_needs_no_n_by_m_array():
    rng = np.random.default_rng(0)
    x, y = rng.random(3000), rng.random(3000)
    tracemalloc.start()
    try:
        stats.probability_of_improvement(x, y)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 2_000_000, f"peak {peak} bytes"
