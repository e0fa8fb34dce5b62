"""An ``act`` with Stable-Baselines3's ``deterministic`` parameter is told when it is evaluated, as one with
``evaluation`` is (docs/agents.rst); training calls it without."""

import json

from conftest import make_spec, run_cli, write_spec

AGENT = """
import json
from pathlib import Path
from gym_loop.agents import BaseAgent


class Det(BaseAgent):
    def act(self, state, episode_num, deterministic=False):
        seen = Path("seen.json")
        values = json.loads(seen.read_text()) if seen.exists() else []
        if deterministic not in values:
            seen.write_text(json.dumps(values + [deterministic]))
        return 0
"""


def test_act_with_deterministic_gets_true_in_evaluation_only(tmp_path):
    (tmp_path / "det.py").write_text(AGENT)
    spec = make_spec(max_episodes=2, episodes_per_eval=1, eval_episodes=1)
    spec["agent"] = {"class": "det.py:Det"}
    write_spec(tmp_path / "run.yaml", spec)
    assert run_cli("-q", "train", "-c", "run.yaml", "--run-dir", "r", cwd=tmp_path).returncode == 0
    assert json.loads((tmp_path / "seen.json").read_text()) == [False, True]  # a training episode, then its evaluation
    (tmp_path / "seen.json").unlink()
    assert run_cli("-q", "eval", "--run", "r", cwd=tmp_path).returncode == 0
    assert json.loads((tmp_path / "seen.json").read_text()) == [True]
