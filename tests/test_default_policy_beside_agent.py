"""An agent's ``get_default_policy()`` naming a file policy by a relative path (``pol.py:EpsPolicy``, beside the
agent's file) finds it beside the agent's file, from any working directory."""

import yaml

from conftest import make_spec, run_cli, write_spec

AGENT = """
from gym_loop.agents import BaseAgent
from gym_loop.policies import BasePolicy


class EpsPolicy(BasePolicy):
    @staticmethod
    def get_default_parameters():
        return {"eps": 1.0}

    def act(self, state):
        return self.action_space.sample()


class PAgent(BaseAgent):
    @staticmethod
    def get_default_policy():
        return {"class": "pol.py:EpsPolicy", "parameters": {"eps": 1.0}}

    def act(self, state, episode_num):
        return self.policy(state)
"""


def test_a_file_agents_default_file_policy_is_found_beside_it(tmp_path):
    (tmp_path / "agents").mkdir()
    (tmp_path / "agents" / "pol.py").write_text(AGENT)
    spec = make_spec(max_episodes=2)
    spec["agent"] = {"class": "agents/pol.py:PAgent"}
    write_spec(tmp_path / "run.yaml", spec)
    result = run_cli("-q", "train", "-c", "run.yaml", "--run-dir", "r", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    written = yaml.safe_load((tmp_path / "r" / "spec.yaml").read_text())
    assert written["policy"]["class"] == f"{tmp_path / 'agents' / 'pol.py'}:EpsPolicy"
