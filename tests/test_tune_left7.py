"""left7: gym-loop tune says when the spec's own seed is not one it runs, as gym-loop sweep does (tester7b-10)."""

import pytest
import yaml

from conftest import make_spec, run_cli, write_spec

pytest.importorskip("optuna")


@pytest.mark.parametrize("seeds, warned", [("0", True), ("7", False)])
def test_a_tune_warns_that_the_spec_seed_is_not_among_its_seeds(tmp_path, seeds, warned):
    spec = make_spec("FrozenLake-v1", "gym_loop.agents.q_learning:QLearningAgent", max_episodes=2,
                     episodes_per_eval=1, eval_episodes=1, max_episode_len=5, logdir=None)
    spec["seed"] = 7
    write_spec(tmp_path / "s.yaml", spec)
    (tmp_path / "space.yaml").write_text(yaml.safe_dump({"agent.parameters.discount": {"float": [0.9, 0.99]}}))
    result = run_cli("tune", "-c", "s.yaml", "--space", "space.yaml", "--trials", 1, "--seeds", seeds, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    message = ("WARNING: seed: 7 of s.yaml is not used: each run of a tune gets its seed from --seeds (0); to run "
               "it, give --seeds 7 (or list it among them) with a new --name: a tune keeps the seeds it began with")
    assert (message in result.stderr.splitlines()) == warned, result.stderr
