"""create-default refuses, before writing, a default of get_default_parameters() named as something gym-loop passes
the agent (an SB3/RL Zoo user's "policy": "MlpPolicy"), as train would refuse the spec (tester8f-1)."""

import pytest
from conftest import run_cli

AGENT = '''
from gym_loop.agents import BaseAgent
class A(BaseAgent):
    @staticmethod
    def get_default_parameters():
        return {"%s": "x"}
    def act(self, state, episode_num):
        return self.action_space.sample()
'''


@pytest.mark.parametrize("name, what", [("policy", "its policy"), ("observation_space", "the env's observation space"),
                                        ("action_space", "the env's action space"),
                                        ("rng", "the run's seeded random generator")])
def test_create_default_refuses_a_default_named_as_what_gym_loop_passes(tmp_path, name, what):
    (tmp_path / "a.py").write_text(AGENT % name)
    made = run_cli("create-default", "-a", "a.py:A", "-c", "a.yaml", cwd=tmp_path)
    assert made.returncode == 2
    assert made.stderr == (f"Error: agent.parameters.{name}: gym-loop passes the agent {what} under this name, which "
                           "would replace this value; rename it\n")
    assert not (tmp_path / "a.yaml").exists()
