"""gym-loop runs ls lists a run folder killed while it was being made, before its run.json was written, as
``no record`` (left9-5): it was left out without a word."""

import json
import shutil

from conftest import make_spec, run_cli, write_spec


def test_a_run_killed_before_its_run_json_is_listed_as_no_record(tmp_path):
    write_spec(tmp_path / "s.yaml", make_spec(max_episodes=1, logdir=None))
    assert run_cli("-q", "train", "-c", "s.yaml", "--run-dir", "runs/done", cwd=tmp_path).returncode == 0
    killed = tmp_path / "runs" / "killed"  # as train leaves it killed between spec.yaml and run.json
    killed.mkdir()
    shutil.copy(tmp_path / "runs" / "done" / "spec.yaml", killed / "spec.yaml")
    (killed / ".lock").write_text("")
    listed = run_cli("runs", "ls", "--format", "json", cwd=tmp_path)
    assert listed.returncode == 0, listed.stderr
    rows = {row["run"]: row for row in json.loads(listed.stdout)}
    assert rows["done"]["status"] == "finished"
    assert rows["killed"]["status"] == "no record", rows
    assert rows["killed"]["reason"] == ("killed while it was being made, before it began; start it again with: "
                                        "gym-loop train -c runs/killed/spec.yaml"), rows
    assert rows["killed"]["episodes"] is None and rows["killed"]["seed"] is None
    table = run_cli("runs", "ls", cwd=tmp_path)
    assert [line.split()[:3] for line in table.stdout.splitlines() if line.startswith("killed")] == \
        [["killed", "no", "record"]], table.stdout
