"""A run whose checkpoint folder alone is deleted while it trains says how to go on (tester11c-5)."""

import json

from conftest import make_spec, run_cli, write_spec

AGENT = '''
import os
import shutil
from gym_loop.agents.random_agent import RandomAgent

class Deleting(RandomAgent):
    def update(self, episode_num):
        if episode_num == 4 and os.path.isdir("R/checkpoints"):  # the run's (R/ under the working directory)
            os.rename("R/checkpoints", "gone")  # at once: rm -r's files one by one race the checkpoint writer
            shutil.rmtree("gone")
'''


def test_a_deleted_checkpoint_folder_stops_the_run_with_the_command_to_start_again(tmp_path):
    (tmp_path / "deleting.py").write_text(AGENT)
    write_spec(tmp_path / "run.yaml", make_spec(agent=f"{tmp_path}/deleting.py:Deleting", max_episodes=8,
                                                episodes_per_checkpoint=2))
    result = run_cli("-q", "train", "-c", "run.yaml", "--run-dir", "R", cwd=tmp_path)
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        "Error: the checkpoint folder R/checkpoints was moved or deleted while training, and this run stopped; "
        "if it was moved, move it back to R/checkpoints, then resume with: gym-loop train --resume R; else start "
        "again with: gym-loop train -c R/spec.yaml"]
    assert json.loads((tmp_path / "R/run.json").read_text())["status"] == "failed"


DELETING_RECORD = '''
import os
from gym_loop.agents.random_agent import RandomAgent

class DeletingRecord(RandomAgent):
    def update(self, episode_num):
        if episode_num == 1 and os.path.exists("R/episodes.csv"):
            os.remove("R/episodes.csv")  # before the first checkpoint (episode 4)
'''


def test_episodes_csv_deleted_before_the_first_checkpoint_is_warned_of(tmp_path):
    (tmp_path / "deleting.py").write_text(DELETING_RECORD)
    write_spec(tmp_path / "run.yaml", make_spec(agent=f"{tmp_path}/deleting.py:DeletingRecord", max_episodes=6,
                                                episodes_per_checkpoint=4))
    result = run_cli("-q", "train", "-c", "run.yaml", "--run-dir", "R", cwd=tmp_path)
    assert "WARNING: R/episodes.csv was deleted while the run trains: the rows written to it are lost" in result.stderr
