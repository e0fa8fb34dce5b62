"""A system error of a file in the way (a folder where gym-loop writes a file, a file where it needs a folder) says
what to move away, not only to run the same command again, which fails the same way (tester10g-13)."""

import errno
import os

from conftest import make_spec, run_cli, write_spec
from gym_loop.errors import describe, run_failure


def test_a_folder_where_a_resume_writes_its_spec_copy_is_named_with_the_fix(tmp_path):
    write_spec(tmp_path / "run.yaml", make_spec(max_episodes=1))
    assert run_cli("-q", "train", "-c", "run.yaml", "--run-dir", "w1", cwd=tmp_path).returncode == 0
    (tmp_path / "w1" / "spec-before-resume-1.yaml" / "x").mkdir(parents=True)
    resumed = run_cli("-q", "train", "--resume", "w1", "--set", "loop.parameters.max_episodes=2", cwd=tmp_path)
    assert resumed.returncode == 1
    assert resumed.stderr.strip() == (
        "Error: Is a directory: w1/spec-before-resume-1.yaml; a folder is where gym-loop writes that file: move it "
        "away or rename it, then run the same command again (the resume had not begun: the run is as it was) "
        "(--debug shows the traceback)")


def test_a_file_where_a_folder_is_made_is_named_with_the_fix(tmp_path):
    (tmp_path / "logs").write_text("")
    error = FileExistsError(errno.EEXIST, os.strerror(errno.EEXIST), str(tmp_path / "logs"))
    assert run_failure(error, tmp_path).args[0].startswith(
        f"File exists: {tmp_path / 'logs'}; a file is where gym-loop makes that folder: move it away or rename it, "
        f"then resume with: ")


def test_not_a_directory_names_the_file_in_the_way(tmp_path):
    (tmp_path / "logs").write_text("")
    error = NotADirectoryError(errno.ENOTDIR, os.strerror(errno.ENOTDIR), str(tmp_path / "logs" / "a" / "b.csv"))
    assert describe(error) == (f"Not a directory: {tmp_path / 'logs' / 'a' / 'b.csv'}; {tmp_path / 'logs'} is a "
                               f"file where that path needs a folder: move it away or rename it")
