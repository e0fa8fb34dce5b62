"""fix12g: create-default refuses a default a spec cannot hold wherever it is in the value (a set in a list or a
mapping) and a datetime (written, but no checkpoint saves it), at the key of the item, as
train refuses them (tester12g-2); it wrote them (exit 0) before."""

import pytest

from conftest import run_cli

AGENT = """
import datetime
from gym_loop.agents import BaseAgent

class A(BaseAgent):
    @staticmethod
    def get_default_parameters():
        return {"p": VALUE}

    def act(self, state, episode_num):
        return 0
"""


@pytest.mark.parametrize("value, key, kind", [
    ("[{1}]", "p.0", "set"),
    ('{"a": {"b": {1}}}', "p.a.b", "set"),
    ('{"a": object()}', "p.a", "object"),
    ("datetime.datetime(2020, 1, 1)", "p", "datetime"),
    ("[datetime.date(2020, 1, 1)]", "p.0", "date"),
])
def test_a_default_a_spec_cannot_hold_inside_a_list_or_mapping_is_refused_at_its_key(tmp_path, value, key, kind):
    (tmp_path / "ag.py").write_text(AGENT.replace("VALUE", value))
    result = run_cli("create-default", "-a", "ag.py:A", "-c", "s.yaml", cwd=tmp_path)
    assert result.returncode == 2 and not (tmp_path / "s.yaml").exists(), result.stderr
    assert result.stderr == (f"Error: agent.parameters.{key}: A.get_default_parameters() gives it a {kind}, which a "
                             "YAML spec cannot hold; give a number, string, boolean, null, list or mapping (build the "
                             "object from it)\n")
