"""A run folder from a git checkout without Git LFS (checkpoints stored as LFS pointers): eval --run and --resume
say the files are LFS pointers and how to fetch them, not 'damaged' nor another checkpoint, itself a pointer
(tester14d-13)."""

import hashlib

import pytest

from conftest import run_cli

SPEC = ("agent: {class: gym_loop.agents.q_learning:QLearningAgent}\nenv: {name: FrozenLake-v1}\n"
        "loop: {parameters: {max_episodes: 4, episodes_per_checkpoint: 2, eval_episodes: 2, reward_threshold: null}}\n")


@pytest.mark.parametrize("name", ["agent.ckpt", "state.json"])
def test_checkpoints_that_are_lfs_pointers(tmp_path, name):
    (tmp_path / "lake.yaml").write_text(SPEC)
    assert run_cli("-q", "train", "-c", "lake.yaml", "--run-dir", "r", cwd=tmp_path).returncode == 0
    for path in (tmp_path / "r" / "checkpoints").glob(f"*/{name}"):
        data = path.read_bytes()
        path.write_text(f"version https://git-lfs.github.com/spec/v1\noid sha256:{hashlib.sha256(data).hexdigest()}\n"
                        f"size {len(data)}\n")
    for command in (["eval", "--run", "r"], ["train", "--resume", "r", "--set", "loop.parameters.max_episodes=6"]):
        result = run_cli(*command, cwd=tmp_path)
        assert result.returncode == 1, result.stderr
        error = result.stderr.strip().splitlines()[-1]
        assert (f"r/checkpoints/agent-000004/{name} is a Git LFS pointer, not the file: fetch the run's files with "
                "git lfs pull (in the git repository holding it)") in error, error
        assert "damaged" not in error and "--checkpoint" not in error, error
