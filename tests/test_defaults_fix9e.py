"""A bytes or set default is refused by create-default, as other values a spec cannot hold are (tester9e-12: it
wrote !!binary / !!set, and the run failed at its first checkpoint)."""

import pytest

from conftest import run_cli

AGENT = """
from gym_loop.agents import BaseAgent

class A(BaseAgent):
    @staticmethod
    def get_default_parameters():
        return {"p": VALUE}

    def act(self, state, episode_num):
        return self.parameters["action_space"].sample()

    def memorize(self, *args):
        pass

    def update(self, episode_num):
        pass
"""


@pytest.mark.parametrize("value, kind", [('b"bytes"', "bytes"), ("{1, 2}", "set")])
def test_bytes_or_set_default_is_refused(tmp_path, value, kind):
    (tmp_path / "ag.py").write_text(AGENT.replace("VALUE", value))
    result = run_cli("create-default", "-a", "ag.py:A", "-c", "s.yaml", cwd=tmp_path)
    assert result.returncode == 2 and not (tmp_path / "s.yaml").exists()
    assert result.stderr == (f"Error: agent.parameters.p: A.get_default_parameters() gives it a {kind}, which a YAML "
                             "spec cannot hold; give a number, string, boolean, null, list or mapping (build the "
                             "object from it)\n")
