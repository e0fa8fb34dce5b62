"""tester15c-5: run.json damaged while the run trained (an editor's half save, a sync tool) made the run's end a
traceback (JSONDecodeError in RunFolder.finish) and left the end unrecorded. Now the end is recorded from the record
the run wrote itself, with a warning."""

import json
import logging

from gym_loop.files import shown
from gym_loop.run_folder import RunFolder


def test_a_run_json_damaged_while_training_is_written_again_whole_at_the_end(tmp_path, caplog):
    run = RunFolder(tmp_path / "run")
    run.path.mkdir()
    run.start(seed=7)
    run.record_path.write_text('{"status": "runn\n')  # as echo writes it
    with caplog.at_level(logging.WARNING):
        run.finish("finished", "planned")
    record = json.loads(run.record_path.read_text())
    assert (record["status"], record["reason"], record["seed"]) == ("finished", "planned", 7)
    assert record["threads"] and record["ended"]
    assert [entry.getMessage() for entry in caplog.records] == [
        f"{shown(run.record_path)} was damaged while the run trained (JSONDecodeError: Invalid control character at: "
        "line 1 column 17 (char 16)); written again whole"]
