"""A latest (or best) that is a folder, an older symbolic-link pointer copied with cp -rL, is named by the
checkpoint it copies, not 'latest', which names another checkpoint after the next resume (tester14d-8)."""

import json
import shutil

from conftest import run_cli

SPEC = ("agent: {class: gym_loop.agents.q_learning:QLearningAgent}\nenv: {name: FrozenLake-v1}\n"
        "loop: {parameters: {max_episodes: 4, episodes_per_checkpoint: 2, eval_episodes: 2, reward_threshold: null}}\n")


def test_a_copied_pointer_folder_is_named_by_its_checkpoint(tmp_path):
    (tmp_path / "lake.yaml").write_text(SPEC)
    assert run_cli("-q", "train", "-c", "lake.yaml", "--run-dir", "r", cwd=tmp_path).returncode == 0
    checkpoints = tmp_path / "r" / "checkpoints"
    (checkpoints / "latest").unlink()
    shutil.copytree(checkpoints / "agent-000004", checkpoints / "latest")  # cp -rL of a link to agent-000004
    result = run_cli("eval", "--run", "r", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    summaries = list((tmp_path / "r" / "eval_logs").glob("summary-*.json"))
    assert [path.name.startswith("summary-agent-000004") for path in summaries] == [True], summaries
    assert json.loads(summaries[0].read_text())["checkpoint"] == str(checkpoints / "agent-000004")
    resumed = run_cli("-q", "train", "--resume", "r", "--set", "loop.parameters.max_episodes=6", cwd=tmp_path)
    assert resumed.returncode == 0, resumed.stderr
    record = json.loads((tmp_path / "r" / "run.json").read_text())
    assert record["resumed"][-1]["checkpoint"] == str(checkpoints / "agent-000004"), record["resumed"][-1]
