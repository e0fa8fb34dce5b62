"""tester14h-1 (a regression of fix14d): a sweep whose runs/ was moved to scratch and linked back could no longer be
continued, extended or retried ("sweeps/x/runs is a symlink to ..."). A runs/ linked to a folder that exists is
followed again; a link to nothing, and a linked config or run folder, are still refused (tester14d-15, -16)."""

import shutil

from conftest import make_spec, run_cli, write_spec


def test_runs_moved_to_scratch_and_linked_back_is_extended(tmp_path):
    write_spec(tmp_path / "s.yaml", make_spec(max_episodes=2, eval_episodes=1))
    made = run_cli("-q", "sweep", "-c", "s.yaml", "--seeds", "0", cwd=tmp_path)
    assert made.returncode == 0, made.stderr
    runs, scratch = tmp_path / "sweeps" / "s" / "runs", tmp_path / "scratch"
    shutil.move(str(runs), str(scratch))
    runs.symlink_to(scratch)
    added = run_cli("-q", "sweep", "sweeps/s", "--add-seeds", "1", cwd=tmp_path)
    assert added.returncode == 0, added.stderr
    assert len(list(scratch.glob("*/seed-1/run.json"))) == 1


def test_runs_linked_to_nothing_is_still_refused(tmp_path):
    write_spec(tmp_path / "s.yaml", make_spec(max_episodes=2, eval_episodes=1))
    assert run_cli("-q", "sweep", "-c", "s.yaml", "--seeds", "0", cwd=tmp_path).returncode == 0
    runs = tmp_path / "sweeps" / "s" / "runs"
    shutil.rmtree(runs)
    runs.symlink_to(tmp_path / "gone")
    added = run_cli("-q", "sweep", "sweeps/s", "--add-seeds", "1", cwd=tmp_path)
    assert added.returncode == 2 and "which does not exist here" in added.stderr, added.stderr
    assert not (tmp_path / "gone").exists()
