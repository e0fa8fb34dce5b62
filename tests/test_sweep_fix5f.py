"""gym-loop sweep after the defects new users met (tester5b): Ray's lines."""

import os
import re

import pytest

from conftest import make_spec, run_cli, write_spec

pytest.importorskip("ray")


@pytest.mark.slow
def test_a_local_rays_warnings_are_gym_loop_lines(tmp_path):
    """One local Ray start (about 10 s, 1 GB): its token line was printed raw, without WARNING:."""
    write_spec(tmp_path / "lake.yaml", make_spec("FrozenLake-v1", "gym_loop.agents.q_learning:QLearningAgent",
                                                 max_episodes=2, episodes_per_eval=2, eval_episodes=1))
    result = run_cli("sweep", "-c", "lake.yaml", "--seeds", "0", "--backend", "ray", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    lines = result.stderr.splitlines()
    assert lines and all(re.match(r"(INFO|WARNING|ERROR): ", line) for line in lines), result.stderr
    if "RAY_AUTH_MODE" not in os.environ:  # set, Ray says nothing of its token
        assert any(line.startswith("WARNING: Token authentication is enabled for this Ray cluster.") for line in lines)
