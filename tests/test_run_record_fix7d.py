"""tester7c-13 (fix7d): a run.json without its "resumed" list resumes; one whose "resumed" is no list is refused."""

import json

from conftest import make_spec, run_cli, write_spec


def trained(tmp_path):
    write_spec(tmp_path / "run.yaml", make_spec(max_episodes=2))
    assert run_cli("train", "-c", "run.yaml", "-q", "--run-dir", "ed", cwd=tmp_path).returncode == 0
    return tmp_path / "ed" / "run.json"


def edit(path, change):
    record = json.loads(path.read_text())
    change(record)
    path.write_text(json.dumps(record))


def test_a_record_without_its_resumed_list_resumes(tmp_path):
    record = trained(tmp_path)
    edit(record, lambda r: r.pop("resumed"))
    result = run_cli("train", "--resume", "ed", "-q", "-s", "loop.parameters.max_episodes=3", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    resumed = json.loads(record.read_text())
    assert resumed["status"] == "finished" and len(resumed["resumed"]) == 1


def test_a_record_whose_resumed_is_no_list_is_refused(tmp_path):
    record = trained(tmp_path)
    edit(record, lambda r: r.update(resumed="twice"))
    result = run_cli("train", "--resume", "ed", "-q", "-s", "loop.parameters.max_episodes=3", cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [
        "Error: Invalid value for '--resume': ed/run.json is not a run record (its resumed is not a list); "
        "restore it from a copy of the run (see gym-loop train --help)"]
