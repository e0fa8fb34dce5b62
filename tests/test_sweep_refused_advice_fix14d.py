"""A continued sweep with finished runs whose new run refuses its spec is not advised to remove the sweep (which
would delete those runs); a sweep with none still is (tester14d-1)."""

from conftest import run_cli

AGENT = """import os
from gym_loop.agents.q_learning import QLearningAgent
from gym_loop.errors import SpecError

class Agent(QLearningAgent):
    def __init__(self, *args, **kwargs):
        if os.path.exists("refuse"):
            raise SpecError("agent.parameters.x", "refused on this machine")
        super().__init__(*args, **kwargs)
"""
SPEC = ("agent: {class: myagent.py:Agent}\nenv: {name: FrozenLake-v1}\n"
        "loop: {parameters: {max_episodes: 3, eval_episodes: 2, reward_threshold: null}}\n")


def test_no_advice_to_remove_a_sweep_with_finished_runs(tmp_path):
    (tmp_path / "myagent.py").write_text(AGENT)
    (tmp_path / "lake.yaml").write_text(SPEC)
    assert run_cli("-q", "sweep", "-c", "lake.yaml", "--seeds", "0", cwd=tmp_path).returncode == 0
    (tmp_path / "refuse").touch()
    added = run_cli("-q", "sweep", "sweeps/lake", "--add-seeds", "1", cwd=tmp_path)
    assert added.returncode == 2, added.stderr
    last = added.stderr.strip().splitlines()[-1]
    assert "base/seed-1 refused its spec: agent.parameters.x: refused on this machine" in last, last
    assert "remove" not in last and "fix it in a new sweep (gym-loop sweep -c SPEC --name NEW ...)" in last, last
    fresh = run_cli("-q", "sweep", "-c", "lake.yaml", "--seeds", "0", "--name", "other", cwd=tmp_path)
    assert fresh.returncode == 2 and "or remove sweeps/other first" in fresh.stderr, fresh.stderr
