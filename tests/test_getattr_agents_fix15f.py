"""tester15f-13: an agent with a __getattr__ (dict-backed, or answering every name) is told in one line naming the
attribute, not a traceback or a failure of the loop's constructor."""

import pytest

from tests.conftest import make_spec, run_cli, write_spec

AGENTS = """
class DictBacked:
    def __init__(self, observation_space, action_space, **kw):
        self.cfg = {"action_space": action_space}
    def __getattr__(self, name):
        if name == "cfg":
            raise AttributeError(name)
        return self.cfg[name]
    def act(self, state, episode_num):
        return 1
class AnswersAll:
    def __init__(self, observation_space, action_space, **kw):
        pass
    def __getattr__(self, name):
        return 0.5
    def act(self, state, episode_num):
        return 1
"""


@pytest.mark.parametrize("agent, said", [
    ("DictBacked", "agent.policy: reading it raised KeyError: 'policy' (DictBacked.__getattr__?); a __getattr__ must "
                   "raise AttributeError for a name it does not have"),
    ("AnswersAll", "AnswersAll.memorize is 0.5, not a method; define memorize as a method, or leave it out (a "
                   "__getattr__ must raise AttributeError for a name it does not have)")])
def test_one_line(tmp_path, agent, said):
    (tmp_path / "ga.py").write_text(AGENTS)
    write_spec(tmp_path / "run.yaml", make_spec())
    done = run_cli("train", "-c", "run.yaml", "--run-dir", "r", "--set", f"agent.class=ga.py:{agent}", cwd=tmp_path)
    assert done.returncode == 1, done.stderr
    assert "Traceback" not in done.stderr and f"Error: {said}" in done.stderr, done.stderr
