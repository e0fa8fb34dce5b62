"""fix14b: a run that refuses its spec stops the runs of its config only when the key refused is on an axis (the
other configs have other values there and run on), the whole sweep when no axis sets it (tester14b-5)."""

import json

from conftest import make_spec, run_cli, write_spec

AGENT = """
from gym_loop.agents import BaseAgent
from gym_loop.errors import SpecError
class A(BaseAgent):
    @staticmethod
    def get_default_parameters(): return {"lr": 0.1, "width": 1}
    def __init__(self, *a, **k):
        super().__init__(*a, **k)
        if self.lr > 1: raise SpecError("agent.parameters.lr", "must be at most 1")
    def act(self, s, e): return 0
    def memorize(self, *a): pass
    def update(self, e): pass
"""


def _sweep(tmp_path, lr, grid):
    (tmp_path / "sa.py").write_text(AGENT)
    spec = make_spec(max_episodes=1, logdir=None, max_episode_len=5)
    spec["agent"] = {"class": "sa.py:A", "parameters": {"lr": lr}}
    write_spec(tmp_path / "s.yaml", spec)
    result = run_cli("sweep", "-c", "s.yaml", "--seeds", "0-1", "--grid", grid, "--jobs", "1", cwd=tmp_path)
    state = json.loads((tmp_path / "sweeps" / "s" / "state.json").read_text())["runs"]
    return result, sorted(entry["status"] for entry in state.values())


def test_every_config_refused_on_its_axis_is_named(tmp_path):
    result, statuses = _sweep(tmp_path, 0.1, "agent.parameters.lr=[2,3,0.5]")
    assert result.returncode == 2, result.stderr
    assert statuses == ["failed", "failed", "finished", "finished", "pending", "pending"]
    assert result.stderr.splitlines()[-1].startswith(
        "Error: lr=2-06717c/seed-0 refused its spec: agent.parameters.lr: must be at most 1; lr=3-"), result.stderr
    assert "/seed-0 refused theirs too; 2 run(s) of their configs not started: a continued sweep keeps its spec" in \
        result.stderr.splitlines()[-1]


def test_a_refused_key_no_axis_sets_stops_the_sweep(tmp_path):
    result, statuses = _sweep(tmp_path, 2, "agent.parameters.width=[1,2]")
    assert result.returncode == 2, result.stderr
    assert result.stderr.count(": started") == 1 and statuses == ["failed", "pending", "pending", "pending"]
    assert "must be at most 1; the sweep stopped, 3 run(s) not started: " in result.stderr.splitlines()[-1]
