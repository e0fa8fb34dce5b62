"""tester15f-11: an attribute the default save cannot store, set in __init__, is refused before the first episode,
not found at the first checkpoint after the training before it."""

import json

from tests.conftest import make_spec, run_cli, write_spec

AGENTS = """
from gym_loop.agents import BaseAgent
class Lambda(BaseAgent):
    def __init__(self, **params):
        super().__init__(**params)
        self.sched = lambda t: 0.99 ** t
    def act(self, state, episode_num):
        return 1
class OwnSave(Lambda):
    def save(self, path):
        open(path, "w").write("mine")
    def load(self, path):
        pass
"""


def test_refused_before_the_first_episode(tmp_path):
    (tmp_path / "lam.py").write_text(AGENTS)
    write_spec(tmp_path / "run.yaml", make_spec(agent=f"{tmp_path / 'lam.py'}:Lambda", max_episodes=3))
    done = run_cli("train", "-c", "run.yaml", "--run-dir", "r", cwd=tmp_path)
    assert done.returncode == 1, done.stderr
    assert ("Error: agent.save (the default save) cannot store Lambda as it was built, so its first checkpoint would "
            "fail after the episodes before it: cannot save sched (function) as plain data; give its class "
            "state_dict() and load_state_dict(), leave it out by adding its name to _excluded_save_params(), or define "
            "save(path) and load(path) (--debug shows the traceback)") in done.stderr, \
        done.stderr
    assert "train: episode" not in done.stderr
    assert json.loads((tmp_path / "r" / "run.json").read_text())["status"] == "failed"


def test_an_own_save_is_not_second_guessed(tmp_path):
    (tmp_path / "lam.py").write_text(AGENTS)
    write_spec(tmp_path / "run.yaml", make_spec(agent=f"{tmp_path / 'lam.py'}:OwnSave", max_episodes=2))
    done = run_cli("train", "-c", "run.yaml", "--run-dir", "r", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
