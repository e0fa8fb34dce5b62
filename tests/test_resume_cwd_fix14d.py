"""Each resume's entry in run.json records the directory it ran in, as the run's own start does (tester14d-11)."""

import json
import shutil

from conftest import run_cli

SPEC = ("agent: {class: gym_loop.agents.q_learning:QLearningAgent}\nenv: {name: FrozenLake-v1}\n"
        "loop: {parameters: {max_episodes: 2, eval_episodes: 2}}\n")


def test_a_resume_records_its_cwd(tmp_path):
    alice, bob = tmp_path / "alice", tmp_path / "bob"
    alice.mkdir()
    bob.mkdir()
    (alice / "lake.yaml").write_text(SPEC)
    assert run_cli("-q", "train", "-c", "lake.yaml", "--run-dir", "r", cwd=alice).returncode == 0
    shutil.move(alice / "r", bob / "r")
    assert run_cli("-q", "train", "--resume", "r", "--set", "loop.parameters.max_episodes=3", cwd=bob).returncode == 0
    record = json.loads((bob / "r" / "run.json").read_text())
    assert record["cwd"] == str(alice) and record["resumed"][-1]["cwd"] == str(bob)
