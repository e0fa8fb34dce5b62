"""A sweep's failed run is reported with its own Error: line, and the way on says to fix it before a retry."""

from conftest import make_spec, run_cli, write_spec
from test_sweep import Q_LEARNING

BOOM = """
from gym_loop.agents.q_learning import QLearningAgent

class Boom(QLearningAgent):
    def act(self, state, episode_num, evaluation=False):
        raise ValueError("boom")
"""


def test_a_failed_run_is_reported_with_its_error_on_every_retry(tmp_path):
    (tmp_path / "boom.py").write_text(BOOM)
    spec = make_spec("FrozenLake-v1", Q_LEARNING, max_episodes=2, episodes_per_eval=1)
    spec["agent"]["class"] = "boom.py:Boom"
    write_spec(tmp_path / "boom.yaml", spec)
    error = "agent.act failed at episode 0, step 1: ValueError: boom (--debug shows the traceback)"
    for command in (("sweep", "-c", "boom.yaml", "--seeds", "0-1"), ("sweep", "sweeps/boom", "--retry-failed")):
        result = run_cli(*command, cwd=tmp_path)
        assert result.returncode == 1
        assert f"WARNING: base/seed-1: failed (exit 1, log " in result.stderr
        assert f"seed-1.log): Error: {error}\n" in result.stderr
        assert result.stderr.splitlines()[-1] == (
            f"Error: 2 run(s) did not finish: base/seed-0 (failed), base/seed-1 (failed); base/seed-0 failed with: "
            f"{error}; logs in sweeps/boom/logs; fix that, then continue with: gym-loop sweep sweeps/boom "
            "--retry-failed")
