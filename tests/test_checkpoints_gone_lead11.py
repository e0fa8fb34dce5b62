"""A run whose checkpoint folder alone is deleted while it trains says how to go on (tester11c-5)."""

import json

from conftest import make_spec, run_cli, write_spec

AGENT = '''
import shutil
from gym_loop.agents.random_agent import RandomAgent

class Deleting(RandomAgent):
    def update(self, episode_num):
        if episode_num == 4:
            shutil.rmtree("R/checkpoints", ignore_errors=True)  # the run's (R/ under the working directory)
'''


def test_a_deleted_checkpoint_folder_stops_the_run_with_the_command_to_start_again(tmp_path):
    (tmp_path / "deleting.py").write_text(AGENT)
    write_spec(tmp_path / "run.yaml", make_spec(agent=f"{tmp_path}/deleting.py:Deleting", max_episodes=8,
                                                episodes_per_checkpoint=2))
    result = run_cli("-q", "train", "-c", "run.yaml", "--run-dir", "R", cwd=tmp_path)
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        "Error: the checkpoint folder R/checkpoints was moved or deleted while training, and this run stopped; "
        "start again with: gym-loop train -c R/spec.yaml"]
    assert json.loads((tmp_path / "R/run.json").read_text())["status"] == "failed"
