"""A string parameter given an unquoted YAML boolean, number or date says to quote it, and shows a date as written
(tester9e-26)."""

import pytest

from conftest import run_cli

AGENT = """
from gym_loop.agents import BaseAgent

class A(BaseAgent):
    @staticmethod
    def get_default_parameters():
        return {"tag": "", "country": "se"}

    def act(self, state, episode_num):
        return self.parameters["action_space"].sample()

    def memorize(self, *args):
        pass

    def update(self, episode_num):
        pass
"""
QUOTE = ("; quote it to keep it a string (YAML reads an unquoted yes, no, on, off, number or date as such; "
         "with --set, quote inside the shell's quotes: --set \"KEY='VALUE'\")")  # fix14a: the --set form


@pytest.mark.parametrize("setting, shown", [("country=no", "country: expected a string, got false"),
                                            ("tag=1.10", "tag: expected a string, got 1.1"),
                                            ("tag=2024-01-01", "tag: expected a string, got 2024-01-01")])
def test_an_unquoted_non_string_says_to_quote_it(tmp_path, setting, shown):
    (tmp_path / "ag.py").write_text(AGENT)
    assert run_cli("create-default", "-q", "-a", "ag.py:A", "-s", "loop.parameters.max_episodes=1", "-c", "s.yaml",
                   cwd=tmp_path).returncode == 0
    result = run_cli("-q", "train", "-c", "s.yaml", "-s", f"agent.parameters.{setting}", cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr == f"Error: agent.parameters.{shown}{QUOTE}\n"
