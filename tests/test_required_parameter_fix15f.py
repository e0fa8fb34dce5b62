"""tester15f-7: a constructor parameter the spec cannot fill is refused before the run folder (and by create-default)."""

import pytest

from tests.conftest import make_spec, run_cli, write_spec

REQ = """
from gym_loop.agents import BaseAgent
class Req(BaseAgent):
    def __init__(self, hidden, **params):
        super().__init__(**params)
        self.hidden = hidden
    def act(self, state, episode_num):
        return 1
class KwOnly(BaseAgent):
    def __init__(self, *, lr, **params):
        super().__init__(**params)
    def act(self, state, episode_num):
        return 1
"""


@pytest.mark.parametrize("agent, name", [("Req", "hidden"), ("KwOnly", "lr")])
def test_refused_before_the_run(tmp_path, agent, name):
    (tmp_path / "req.py").write_text(REQ)
    said = (f"Error: agent.class: {agent}.__init__ requires {name}, which the spec does not give; add it to "
            "get_default_parameters() (it then goes into agent.parameters) or give it a default\n")
    done = run_cli("create-default", "-a", f"req.py:{agent}", "-c", "req.yaml", "--set", "env.name=CartPole-v1",
                   cwd=tmp_path)
    assert done.returncode == 2 and said in done.stderr, done.stderr
    assert not (tmp_path / "req.yaml").exists()
    write_spec(tmp_path / "run.yaml", make_spec())
    done = run_cli("train", "-c", "run.yaml", "--run-dir", "r", "--set", f"agent.class=req.py:{agent}", cwd=tmp_path)
    assert done.returncode == 2 and said in done.stderr, done.stderr
    assert not (tmp_path / "r").exists()
