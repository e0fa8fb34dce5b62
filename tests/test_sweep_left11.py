"""A run of a sweep that refuses its spec (exit 2: a SpecError that train finds only once it builds the agent or the
loop, as VectorLoop's make_vec refusals and an agent constructor's own) stops the sweep: no more runs start, which
would fail the same way, and the error says to fix the spec in a new sweep, not to continue with --retry-failed,
which runs the same spec (fix10a's leftover)."""

import json

from conftest import make_spec, run_cli, write_spec

AGENT = """
from gym_loop.agents import BaseAgent
from gym_loop.errors import SpecError
class A(BaseAgent):
    @staticmethod
    def get_default_parameters(): return {"lr": 0.1}
    def __init__(self, *a, **k):
        super().__init__(*a, **k)
        if self.lr > 1: raise SpecError("agent.parameters.lr", "must be at most 1")
    def act(self, s, e): return 0
    def memorize(self, *a): pass
    def update(self, e): pass
"""


def test_a_run_refusing_its_spec_stops_the_sweep(tmp_path):
    (tmp_path / "sa.py").write_text(AGENT)
    spec = make_spec(max_episodes=1)
    spec["agent"] = {"class": "sa.py:A", "parameters": {"lr": 0.1}}
    write_spec(tmp_path / "s.yaml", spec)
    result = run_cli("sweep", "-c", "s.yaml", "--seeds", "0-1", "--grid", "agent.parameters.lr=[2,0.5]", "--jobs", "1",
                     cwd=tmp_path)
    assert result.returncode == 2, result.stderr
    # fix14b (tester14b-5): lr=2 is its config's alone (on the grid): lr=0.5's runs run on
    assert result.stderr.count(": started") == 3
    assert result.stderr.splitlines()[-1] == (
        "Error: lr=2-06717c/seed-0 refused its spec: agent.parameters.lr: must be at most 1; 1 run(s) of its config "
        "not started: a continued sweep keeps its spec, so fix it in a new sweep (gym-loop sweep -c SPEC "
        "--name NEW ...); logs in sweeps/s/logs")  # fix14d (tester14d-1): not "remove sweeps/s" once runs finished
    state = json.loads((tmp_path / "sweeps" / "s" / "state.json").read_text())["runs"]
    assert sorted(entry["status"] for entry in state.values()) == ["failed", "finished", "finished", "pending"]


def test_a_make_vec_refusal_stops_the_sweep(tmp_path):
    spec = make_spec(max_episodes=1)
    spec["loop"] = {"class": "gym_loop.loops.vector_loop:VectorLoop",
                    "parameters": {**spec["loop"]["parameters"], "num_envs": 2, "vector_kwargs": {"bogus": 1}}}
    write_spec(tmp_path / "v.yaml", spec)
    result = run_cli("sweep", "-c", "v.yaml", "--seeds", "0-2", "--jobs", "1", cwd=tmp_path)
    assert result.returncode == 2, result.stderr
    assert result.stderr.count(": started") == 1
    last = result.stderr.splitlines()[-1]
    assert last.startswith("Error: base/seed-0 refused its spec: loop.parameters.vector_kwargs: gymnasium.make_vec "
                           "refused it: ")
    assert "--retry-failed" not in last and "the sweep stopped, 2 run(s) not started" in last
