"""A resumed run continues episodes.csv and evals.csv in place (tester9c-6): a ``tail -f`` or a reader keeping its
offset sees only the new rows; rows after the checkpoint are cut off with one truncate."""

import os

from conftest import make_spec, run_cli, write_spec
from gym_loop.sinks.csv_file import CsvFile

HEADER = ("episode", "global_step")


def test_nothing_dropped_the_same_file_is_continued(tmp_path):
    path = tmp_path / "episodes.csv"
    path.write_text("episode,global_step\n0,10\n1,20\n")
    inode = path.stat().st_ino
    with path.open() as reader:  # tail -f: at the end of the file, reading on
        assert reader.read().endswith("1,20\n")
        sink = CsvFile(path, HEADER, keep=lambda row: int(row[0]) < 2)
        sink.write("2,30\n")
        sink.close()
        assert reader.read() == "2,30\n"
    assert path.stat().st_ino == inode
    assert path.read_text() == "episode,global_step\n0,10\n1,20\n2,30\n"


def test_dropped_rows_at_the_end_are_cut_off_in_place(tmp_path):
    path = tmp_path / "episodes.csv"
    path.write_text("episode,global_step\n0,10\n1,20\n2,30\n3,4")  # rows after the checkpoint, one cut short
    inode = path.stat().st_ino
    sink = CsvFile(path, HEADER, keep=lambda row: int(row[0]) < 2)
    assert path.read_text() == "episode,global_step\n0,10\n1,20\n"
    sink.write("2,31\n")
    sink.close()
    assert path.stat().st_ino == inode
    assert path.read_text() == "episode,global_step\n0,10\n1,20\n2,31\n"


def test_a_kept_row_after_a_dropped_one_is_rewritten_whole(tmp_path):  # not a prefix: through a temporary file
    path = tmp_path / "episodes.csv"
    path.write_text("episode,global_step\n0,10\n1,2,3\n1,20\n")
    CsvFile(path, HEADER, keep=lambda row: int(row[0]) < 2).close()
    assert path.read_text() == "episode,global_step\n0,10\n1,20\n"


def test_train_resume_continues_episodes_csv_and_evals_csv(tmp_path):
    write_spec(tmp_path / "run.yaml", make_spec(max_episodes=4, episodes_per_eval=2, eval_episodes=1))
    result = run_cli("train", "-c", "run.yaml", "--run-dir", "run", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    files = [tmp_path / "run" / name for name in ("episodes.csv", "evals.csv")]
    before = [(path.stat().st_ino, path.read_text()) for path in files]
    readers = [path.open() for path in files]
    try:
        for reader in readers:
            reader.read()
        result = run_cli("train", "--resume", "run", "--set", "loop.parameters.max_episodes=6", cwd=tmp_path)
        assert result.returncode == 0, result.stderr
        new = [reader.read() for reader in readers]
    finally:
        for reader in readers:
            reader.close()
    assert [os.stat(path).st_ino for path in files] == [inode for inode, _ in before]
    assert [line.split(",")[0] for line in new[0].splitlines()] == ["4", "5"]  # only the resumed run's rows
    assert [line.split(",")[0] for line in new[1].splitlines()] == ["6"]
    assert [path.read_text() for path in files] == [text + more for (_, text), more in zip(before, new)]
