"""left15b: ``gym-loop aggregate`` on a sweep a run of which refused its spec advised "continue the sweep", which
refuses it again (a continued sweep keeps its spec), and counted the refused run as not started: it now says what
the sweep said, the run that refused and why, and to fix it in a new sweep; so does ``--vs`` of such a config."""

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
NEW = "a continued sweep keeps its spec, so fix it in a new sweep: gym-loop sweep -c SPEC --name NEW ..."


def _sweep(tmp_path, lr, grid):
    (tmp_path / "sa.py").write_text(AGENT)
    spec = make_spec(max_episodes=1, logdir=None, max_episode_len=5)
    spec["agent"] = {"class": "sa.py:A", "parameters": {"lr": lr}}
    write_spec(tmp_path / "s.yaml", spec)
    result = run_cli("-q", "sweep", "-c", "s.yaml", "--seeds", "0-1", "--grid", grid, "--jobs", "1", cwd=tmp_path)
    assert result.returncode == 2, result.stderr


def test_aggregate_names_the_refused_run_of_a_config(tmp_path):
    _sweep(tmp_path, 0.1, "agent.parameters.lr=[2,0.5]")
    result = run_cli("aggregate", "sweeps/s", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert ("lr=2-06717c: no scored run yet: its 2 run(s) have not reached their end (1 failed, 1 not started); "
            f"lr=2-06717c/seed-0 refused its spec (agent.parameters.lr: must be at most 1); {NEW}") in result.stderr
    assert "continue the sweep" not in result.stderr
    versus = run_cli("aggregate", "sweeps/s", "--vs", "lr=2-06717c", cwd=tmp_path)
    assert versus.returncode == 2
    assert versus.stderr.splitlines()[-1] == (
        "Error: --vs: config lr=2-06717c has no scored run yet, so no config can be compared with it; give another "
        "config, or fix it in a new sweep (lr=2-06717c/seed-0 refused its spec, which a continued sweep keeps): "
        "gym-loop sweep -c SPEC --name NEW ...")


def test_a_refusal_that_stopped_the_sweep_is_said_of_every_config(tmp_path):
    _sweep(tmp_path, 2, "agent.parameters.width=[1,2]")
    result = run_cli("aggregate", "sweeps/s", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert ("width=2-d15246: no scored run yet: its 2 run(s) have not reached their end (2 not started); "
            f"width=1-39a141/seed-0 refused its spec (agent.parameters.lr: must be at most 1); {NEW}") in result.stderr
    assert "continue the sweep" not in result.stderr
