"""fix15g (tester15g-8): aggregate on a sweep whose config refused its spec said "refused its spec (see its log)" when
that log was gone (cleaned up, a sweep folder copied without logs/); it now says the log is gone."""

from gym_loop.yaml_safety import dump
from tests.conftest import make_spec, run_cli

AGENT = """
from gym_loop.agents.random_agent import RandomAgent
from gym_loop.errors import SpecError

class A(RandomAgent):
    @staticmethod
    def get_default_parameters():
        return {"lr": 0.1}

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        if self.parameters["lr"] > 1:
            raise SpecError("agent.parameters.lr", "must be at most 1")
"""


def test_aggregate_says_a_refused_runs_log_is_gone(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "sa.py").write_text(AGENT)
    (tmp_path / "s.yaml").write_text(dump(make_spec(agent="sa.py:A", max_episodes=1, logdir=None)))
    made = run_cli("-q", "sweep", "-c", "s.yaml", "--seeds", "0", "--grid", "agent.parameters.lr=[2,0.5]", "--jobs",
                   "1", cwd=tmp_path)
    assert made.returncode == 2, made.stderr
    logs = list((tmp_path / "sweeps" / "s" / "logs").glob("lr=2-*/seed-0.log"))
    assert len(logs) == 1
    told = run_cli("aggregate", "sweeps/s", cwd=tmp_path)
    assert "refused its spec (agent.parameters.lr: must be at most 1)" in told.stderr, told.stderr
    logs[0].unlink()
    told = run_cli("aggregate", "sweeps/s", cwd=tmp_path)
    assert f"refused its spec (its log sweeps/s/logs/{logs[0].parent.name}/seed-0.log is gone); a continued sweep" in told.stderr, told.stderr
