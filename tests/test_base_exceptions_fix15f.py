"""tester15f-1: a BaseException subclass (gevent.Timeout, trio.Cancelled) or a GeneratorExit raised by the agent's
code is one line naming the method, as an Exception is, not a traceback."""

import json

import pytest

from tests.conftest import make_spec, run_cli, write_spec

FAULT = """
from gym_loop.agents import BaseAgent
class MyBase(BaseException):
    pass
def boom(kind):
    raise MyBase("custom base") if kind == "base" else GeneratorExit("closed")
class Fault(BaseAgent):
    @staticmethod
    def get_default_parameters():
        return {"method": "act", "kind": "base"}
    def __init__(self, **params):
        super().__init__(**params)
        if self.method == "init":
            boom(self.kind)
    def act(self, state, episode_num):
        if self.method == "act":
            boom(self.kind)
        return 1
    def update(self, episode_num):
        if self.method == "update":
            boom(self.kind)
    def metrics(self, episode_num):
        if self.method == "metrics":
            boom(self.kind)
        return {}
    def save(self, path):
        if self.method == "save":
            boom(self.kind)
        super().save(path)
    def load(self, path):
        if self.method == "load":
            boom(self.kind)
        super().load(path)
"""


def _train(tmp_path, method, kind, *more):
    (tmp_path / "fault.py").write_text(FAULT)
    write_spec(tmp_path / "run.yaml", make_spec(agent=f"{tmp_path / 'fault.py'}:Fault", max_episodes=2))
    return run_cli("train", "-c", "run.yaml", "--run-dir", "r", "--set", f"agent.parameters.method={method}",
                   "--set", f"agent.parameters.kind={kind}", *more, cwd=tmp_path)


@pytest.mark.parametrize("kind, shown", [("base", "MyBase: custom base"), ("genexit", "GeneratorExit: closed")])
@pytest.mark.parametrize("method, where", [
    ("act", "agent.act failed at episode 0, step 1"), ("update", "agent.update failed at episode 0, step 1"),
    ("metrics", "agent.metrics failed at episode 0"), ("save", "agent.save failed for r/checkpoints/agent-000002"),
    ("init", "constructing the agent Fault failed")])
def test_one_line_naming_the_method(tmp_path, method, where, kind, shown):
    done = _train(tmp_path, method, kind)
    assert done.returncode == 1, done.stderr
    assert "Traceback" not in done.stderr, done.stderr
    assert f"Error: {where}: {shown}" in done.stderr, done.stderr
    if method != "init":
        run = json.loads((tmp_path / "r" / "run.json").read_text())
        assert run["status"] == "failed" and run["reason"].startswith(f"{where}: {shown}"), run


def test_in_load_and_at_import(tmp_path):
    assert _train(tmp_path, "none", "base").returncode == 0
    done = run_cli("eval", "--run", "r", "--set", "agent.parameters.method=load", cwd=tmp_path)
    assert done.returncode == 1 and "Traceback" not in done.stderr, done.stderr
    assert "agent.load failed for " in done.stderr and ": MyBase: custom base" in done.stderr, done.stderr
    (tmp_path / "impbase.py").write_text('class B(BaseException): pass\nraise B("import-time base")\n')
    done = run_cli("train", "-c", "run.yaml", "--set", "agent.class=impbase.py:X", cwd=tmp_path)
    assert done.returncode == 2 and "Traceback" not in done.stderr, done.stderr
    assert "agent.class: importing impbase.py failed: B: import-time base" in done.stderr, done.stderr
