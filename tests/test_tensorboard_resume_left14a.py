"""A VectorLoop run that fails after a checkpoint within a vector step, then resumed, has the TensorBoard points of the
run never interrupted (note16, fix13d: the failed attempt's point at the checkpoint's step held episodes the resumed
run counted again, episode/count summing to 33 of 31; or the resume hid the point of the step's episodes before
the checkpoint, 29 of 31). Read with TensorBoard's own reader."""

import pytest

from conftest import make_spec, read_scalars, run_cli, write_spec

AGENT = """import os
from gym_loop.agents.random_agent import RandomAgent


class FailingOnce(RandomAgent):
    calls = 0

    def update(self, episode_num):
        FailingOnce.calls += 1
        if FailingOnce.calls == int(os.environ.get("FAIL_AT_UPDATE", 0)):
            raise RuntimeError("boom")
        return super().update(episode_num)
"""
TAGS = ("episode/count", "episode/index", "episode/return", "eval/mean_return", "final/mean_return")


@pytest.mark.parametrize("fail_at", [6, 8], ids=["within-the-checkpoints-step", "a-step-after"])
def test_a_failed_run_resumed_has_the_points_of_one_never_interrupted(tmp_path, fail_at):
    """4 envs, 1-step episodes: every vector step ends 4 episodes (env steps 4, 8, 12...); the checkpoint and the
    evaluation after 10 episodes fall within the step of episodes 9-12 (env step 12). Update 6 fails at env step 12
    after the checkpoint, update 8 at env step 16."""
    (tmp_path / "failing.py").write_text(AGENT)
    spec = make_spec(max_episodes=31, episodes_per_eval=10, eval_episodes=1, episodes_per_checkpoint=10,
                     max_episode_len=1, num_envs=4)
    spec["loop"]["class"] = "gym_loop.loops.vector_loop:VectorLoop"
    spec["agent"]["class"] = "failing.py:FailingOnce"
    spec["seed"] = 3
    write_spec(tmp_path / "run.yaml", spec)
    whole = run_cli("-q", "train", "-c", "run.yaml", "--run-dir", "whole", cwd=tmp_path)
    assert whole.returncode == 0, whole.stderr
    failed = run_cli("-q", "train", "-c", "run.yaml", "--run-dir", "cut", cwd=tmp_path,
                     env={"FAIL_AT_UPDATE": str(fail_at)})
    assert failed.returncode == 1 and "RuntimeError: boom" in failed.stderr, failed.stderr
    assert (tmp_path / "cut/checkpoints/latest").read_text().strip() == "agent-000010"
    resumed = run_cli("-q", "train", "--resume", "cut", cwd=tmp_path)
    assert resumed.returncode == 0, resumed.stderr
    expected, got = read_scalars(tmp_path / "whole/logs"), read_scalars(tmp_path / "cut/logs")
    assert sum(count for _, count in expected["episode/count"]) == 31
    for tag in TAGS:
        assert got[tag] == expected[tag], tag
