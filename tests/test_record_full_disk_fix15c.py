"""tester15c-7, tester15c-4: on a full disk run.json was rewritten in place, cut at a block's end when the new record
was longer (a resume's entry, a run's end): the run could no longer be resumed. Now every record is written whole
through a temporary file or not at all; a resume writes its spec.yaml, its kept spec and run.json all or none.

A full disk is a real one: a small tmpfs mounted for the test (as root), skipped where mounting is not allowed."""

import errno
import json
import logging

import pytest

from conftest import make_spec
from test_trust_faults import fill, tmpfs

from gym_loop import files
from gym_loop.run_folder import RunFolder


def _run_of_size(disk, size):
    """A run folder whose run.json (interrupted) is ``size`` bytes: just under a 4 KB block, so that a longer record
    written in place would cross into a block the full disk does not have."""
    run = RunFolder(disk / "run")
    run.path.mkdir()
    run.write_spec(make_spec())
    run.start(seed=1)
    record = {**run.record(), "status": "interrupted", "pad": ""}
    run._write_record(record)
    run._write_record({**record, "pad": "x" * (size - len(run.record_path.read_bytes()))})
    assert len(run.record_path.read_bytes()) == size
    return run


def _files(folder):
    return {path.name: path.read_bytes() for path in folder.iterdir() if path.is_file()}


def test_a_resume_on_a_full_disk_leaves_the_run_as_it_was(tmp_path):
    with tmpfs(tmp_path / "disk", size="256k") as disk:
        run = _run_of_size(disk, 3900)
        before = _files(run.path)
        fill(disk / "filler")
        changed = make_spec(max_episodes=9)  # a --set: spec.yaml rewritten, the old one kept, run.json grows
        for spec in (make_spec(), changed):  # a plain resume: run.json grows by its entry alone
            with pytest.raises(OSError) as full:
                run.resume(disk / "run" / "checkpoints" / "agent-000003", spec)
            assert full.value.errno == errno.ENOSPC
            assert _files(run.path) == before  # no spec-before-resume-1.yaml, no temporary file, run.json whole
        (disk / "filler").unlink()
        run.resume(disk / "run" / "checkpoints" / "agent-000003", changed)  # once there is space: it resumes
        assert json.loads(run.record_path.read_text())["resumed"][0]["changed"] == {
            "loop.parameters.max_episodes": [3, 9]}


def test_a_runs_end_on_a_full_disk_leaves_run_json_whole_and_the_run_died(tmp_path, caplog):
    with tmpfs(tmp_path / "disk", size="256k") as disk:
        run = _run_of_size(disk, 3950)
        run._write_record({**run.record(), "status": "running"})
        before = run.record_path.read_bytes()
        fill(disk / "filler")
        with caplog.at_level(logging.WARNING):
            run.finish("failed", "OSError: [Errno 28] No space left on device: " + "x" * 200)
        assert run.record_path.read_bytes() == before
        assert run.status() == "died"  # resumable as a died run, once there is space
        assert [record.getMessage() for record in caplog.records] == [
            f"{files.shown(run.record_path)} could not be written (No space left on device): runs ls reports the "
            "run died, not failed"]


def test_a_run_stopped_by_a_full_disk_records_it_whole_in_the_disk_it_kept(tmp_path):
    """tester15c-4: the record of a run's end (its reason, threads) is longer than the running one's; run.json just
    under 8 KB (a few resumes) was cut at the block's end. The start keeps the disk the end's record takes."""
    with tmpfs(tmp_path / "disk", size="256k") as disk:
        probe = RunFolder(disk / "probe")
        probe.path.mkdir()
        probe.start(seed=1, code={"agent": ""})
        run = RunFolder(disk / "run")
        run.path.mkdir()
        run.start(seed=1, code={"agent": "x" * (8150 - probe.record_path.stat().st_size)})
        assert 8100 < run.record_path.stat().st_size < 8192
        fill(disk / "filler")
        run.finish("failed", "OSError: [Errno 28] No space left on device: " + "x" * 200)
        record = json.loads(run.record_path.read_text())
        assert record["status"] == "failed" and record["reason"].endswith("x" * 200)
        assert not list(run.path.glob(".*.tmp"))  # the reserve became run.json
