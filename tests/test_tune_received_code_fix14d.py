"""A tune received from elsewhere whose agent is a relative file missing here: the error names where the tune was
started and says to put the file in the working directory; a refusal of another spec names the key that differs,
never an empty list (tester14d-12)."""

import shutil

import pytest

from conftest import run_cli

pytest.importorskip("optuna")

AGENT = "from gym_loop.agents.q_learning import QLearningAgent\nclass Agent(QLearningAgent):\n    pass\n"
SPEC = ("agent: {class: myagent.py:Agent}\nenv: {name: FrozenLake-v1}\n"
        "loop: {parameters: {max_episodes: 4, episodes_per_eval: 4, eval_episodes: 2, reward_threshold: null}}\n")


def test_a_received_tune_lacking_its_agent_file(tmp_path):
    alice, bob = tmp_path / "alice", tmp_path / "bob"
    alice.mkdir()
    (alice / "myagent.py").write_text(AGENT)
    (alice / "lake.yaml").write_text(SPEC)
    (alice / "space.yaml").write_text("agent.parameters.learning_rate: {float: [0.01, 1.0], log: true}\n")
    made = run_cli("-q", "tune", "-c", "lake.yaml", "--space", "space.yaml", "--trials", "1", "--seeds", "0",
                   cwd=alice)
    assert made.returncode == 0, made.stderr
    shutil.copytree(alice / "tunes", bob / "tunes")
    shutil.rmtree(alice)
    args = ["tune", "-c", "tunes/lake/spec.yaml", "--space", "tunes/lake/space.yaml", "--trials", "2", "--seeds", "0"]
    missing = run_cli(*args, cwd=bob)
    assert missing.returncode == 2, missing.stderr
    assert (f"agent.class: no such file: myagent.py in {bob}, where this tune's trials start (it was started in "
            f"{alice}, which is not on this machine); put it there, then run the same command again") \
        in missing.stderr, missing.stderr
    (bob / "lib").mkdir()
    (bob / "lib" / "myagent.py").write_text(AGENT)
    other = run_cli(*args, "--set", f"agent.class={bob}/lib/myagent.py:Agent", cwd=bob)
    assert other.returncode == 2, other.stderr
    assert f'(agent.class "{bob}/lib/myagent.py:Agent", was "myagent.py:Agent")' in other.stderr, other.stderr
