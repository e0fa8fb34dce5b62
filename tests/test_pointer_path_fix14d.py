"""A checkpoints/latest pointer holding a path (../../outside/agent-000999, an absolute one) is not followed out of
the run folder: it is taken as the name it ends in, with a warning, so the run's own newest checkpoint is used
(tester14d-7)."""

import shutil

import pytest

from conftest import run_cli

SPEC = ("agent: {class: gym_loop.agents.q_learning:QLearningAgent}\nenv: {name: FrozenLake-v1}\n"
        "loop: {parameters: {max_episodes: 4, episodes_per_checkpoint: 2, eval_episodes: 2, reward_threshold: null}}\n")


@pytest.mark.parametrize("relative", [True, False])
def test_a_pointer_holding_a_path_is_not_followed_out(tmp_path, relative):
    (tmp_path / "lake.yaml").write_text(SPEC)
    assert run_cli("-q", "train", "-c", "lake.yaml", "--run-dir", "r", cwd=tmp_path).returncode == 0
    outside = tmp_path / "outside" / "agent-000999"
    shutil.copytree(tmp_path / "r" / "checkpoints" / "agent-000002", outside)
    (tmp_path / "r" / "checkpoints" / "latest").write_text(
        f"{'../../outside/agent-000999' if relative else outside}\n")
    for command in (["eval", "--run", "r"], ["train", "--resume", "r", "--set", "loop.parameters.max_episodes=6"]):
        result = run_cli(*command, cwd=tmp_path)
        assert result.returncode == 0, result.stderr
        assert "names a path, not a checkpoint folder's name; taken as agent-000999 in its folder" in result.stderr
        assert f"loaded checkpoint {tmp_path / 'r' / 'checkpoints' / 'agent-00000'}" in result.stderr, result.stderr
        assert "outside" not in result.stderr.replace("names a path", ""), result.stderr
