"""A metric without a value yet, a rule's Stop statuses, and a reward_threshold judged over a short run."""

import json

import pytest

from conftest import make_spec, read_scalars, run_cli, write_spec

LATE_LOSS_AGENT = '''
from gym_loop.agents.base_agent import BaseAgent


class LateLoss(BaseAgent):
    """Has a loss only from episode 2 on, as a DQN before its first update."""

    def act(self, state, episode_num):
        return 0

    def metrics(self, episode_num):
        return {"loss": None if episode_num < 2 else 0.5 * episode_num, "steps": episode_num}
'''


def test_a_metric_whose_value_is_none_is_left_out_of_that_episode(tmp_path):
    (tmp_path / "late.py").write_text(LATE_LOSS_AGENT)
    spec = {**make_spec(max_episodes=4), "seed": 1, "agent": {"class": "late.py:LateLoss", "parameters": {}}}
    write_spec(tmp_path / "run.yaml", spec)
    result = run_cli("train", "-c", "run.yaml", "--run-dir", "run", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    scalars = read_scalars(tmp_path / "run" / "logs")
    assert [value for _, value in scalars["loss"]] == [1.0, 1.5]  # episodes 2 and 3
    assert [value for _, value in scalars["steps"]] == [0, 1, 2, 3]
