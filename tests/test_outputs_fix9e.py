"""An output path under a regular file, or a symlink to nothing, is refused naming the option, exit 2, before any
work (tester9e-22: a raw 'File exists: base.yaml', exit 1, after the work)."""

import pytest

from conftest import make_spec, run_cli, write_spec


@pytest.mark.parametrize("args, option", [
    (["create-default", "-c", "run.yaml/x.yaml"], "--run-config"),
    (["sweep", "-c", "run.yaml", "--sweeps-dir", "run.yaml/s", "--seeds", "0"], "--sweeps-dir"),
    (["plot", "runs", "-o", "run.yaml/p.png"], "--output"),
    (["eval", "-c", "run.yaml", "-o", "run.yaml/e"], "--output"),
])
def test_an_output_under_a_file_is_refused(tmp_path, args, option):
    write_spec(tmp_path / "run.yaml", make_spec(max_episodes=1))
    (tmp_path / "runs").mkdir()
    result = run_cli("-q", *args, cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr == f"Error: {option}: run.yaml is a file, not a folder; give a folder's path\n"


def test_a_runs_dir_that_is_a_dangling_symlink_is_refused(tmp_path):
    write_spec(tmp_path / "run.yaml", make_spec(max_episodes=1))
    (tmp_path / "brk").symlink_to(tmp_path / "nonexist/dir")
    result = run_cli("-q", "train", "-c", "run.yaml", "--runs-dir", "brk", cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr == (f"Error: runs_dir: brk is a symlink to {tmp_path}/nonexist/dir, which does not exist; "
                             "create it or give another folder\n")
