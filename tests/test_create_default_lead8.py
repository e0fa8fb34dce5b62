"""create-default writes an env the agent can take: an agent's DEFAULT_ENV, else the spec's default."""

import yaml
from conftest import run_cli


def test_create_default_writes_q_learnings_own_env_and_the_spec_trains(tmp_path):
    made = run_cli("create-default", "-a", "gym_loop.agents.q_learning:QLearningAgent", "-c", "q.yaml", cwd=tmp_path)
    assert made.returncode == 0, made.stderr
    assert yaml.safe_load((tmp_path / "q.yaml").read_text())["env"]["name"] == "FrozenLake-v1"
    trained = run_cli("-q", "train", "-c", "q.yaml", "--set", "loop.parameters.max_episodes=2", cwd=tmp_path)
    assert trained.returncode == 0, trained.stderr


def test_an_agent_without_default_env_gets_the_specs_default(tmp_path):
    made = run_cli("create-default", "-a", "gym_loop.agents.random_agent:RandomAgent", cwd=tmp_path)
    assert made.returncode == 0, made.stderr
    assert yaml.safe_load(made.stdout)["env"]["name"] == "Pendulum-v1"
