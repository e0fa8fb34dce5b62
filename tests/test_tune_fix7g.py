"""gym-loop tune warns once on its console of a path-like agent parameter its trials would share (tester7f-7), as
gym-loop sweep does."""

import pytest

from conftest import run_cli

AGENT = """
from gym_loop.agents.random_agent import RandomAgent
class PA(RandomAgent):
    @classmethod
    def get_default_parameters(cls):
        return {**super().get_default_parameters(), "save_dir": "models"}
"""


def test_tune_warns_once_of_a_shared_relative_path(tmp_path):
    pytest.importorskip("optuna")
    (tmp_path / "pa.py").write_text(AGENT)
    made = run_cli("-q", "create-default", "-a", "pa.py:PA", "-c", "pa.yaml", cwd=tmp_path)
    assert made.returncode == 0, made.stderr
    (tmp_path / "space.yaml").write_text("loop.parameters.eval_episodes: {int: [1, 2]}\n")
    tuned = run_cli("tune", "-c", "pa.yaml", "--space", "space.yaml", "--trials", "1", "--seeds", "0", "--name", "t",
                    "-s", "loop.parameters.max_episodes=2", "-s", "loop.parameters.episodes_per_eval=2", cwd=tmp_path)
    assert tuned.returncode == 0, tuned.stderr
    assert tuned.stderr.count("agent.parameters.save_dir: 'models' is relative to the working directory") == 1
