"""create-default writes an env the agent can take: an agent's DEFAULT_ENV, else the spec's default."""

import shutil
from pathlib import Path

import pytest
import yaml
from conftest import run_cli

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"


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


@pytest.mark.parametrize("agent", ["dqn.py:DQNAgent", "ppo.py:PPOAgent", "hill_climbing.py:HillClimbingAgent"])
def test_create_default_of_an_example_agent_writes_a_spec_train_takes(tmp_path, agent):
    shutil.copy(EXAMPLES / agent.partition(":")[0], tmp_path)
    made = run_cli("create-default", "-a", agent, "-c", "a.yaml", cwd=tmp_path)
    assert made.returncode == 0, made.stderr
    assert yaml.safe_load((tmp_path / "a.yaml").read_text())["env"]["name"] == "CartPole-v1"
    trained = run_cli("-q", "train", "-c", "a.yaml", "--set", "loop.parameters.max_episodes=1", cwd=tmp_path)
    assert trained.returncode == 0, trained.stderr


def test_create_default_given_only_max_steps_writes_no_episode_limit(tmp_path):
    """tester8g-3: it wrote the default max_episodes 5 beside max_steps, and the run stopped after 5 episodes."""
    made = run_cli("create-default", "--set", "env.name=CartPole-v1", "--set", "loop.parameters.max_steps=300",
                   "-c", "s.yaml", cwd=tmp_path)
    assert made.returncode == 0, made.stderr
    parameters = yaml.safe_load((tmp_path / "s.yaml").read_text())["loop"]["parameters"]
    assert parameters["max_episodes"] is None and parameters["max_steps"] == 300
    both = run_cli("create-default", "--set", "loop.parameters.max_steps=300", "--set",
                   "loop.parameters.max_episodes=3", cwd=tmp_path)
    assert yaml.safe_load(both.stdout)["loop"]["parameters"]["max_episodes"] == 3


def test_no_max_steps_warning_when_both_budgets_run_out_in_the_last_episode(tmp_path):
    """tester8g-10: 'max_steps: 51 was not reached (51 env steps)'."""
    made = run_cli("create-default", "--set", "env.name=CartPole-v1", "-c", "s.yaml", cwd=tmp_path)
    assert made.returncode == 0, made.stderr
    first = run_cli("train", "-c", "s.yaml", "--seed", "3", "--run-dir", "a", "--set", "loop.parameters.max_episodes=2",
                    cwd=tmp_path)
    steps = int(first.stderr.split("trained: 2 episodes, ")[1].split()[0])
    again = run_cli("train", "-c", "s.yaml", "--seed", "3", "--run-dir", "b", "--set", "loop.parameters.max_episodes=2",
                    "--set", f"loop.parameters.max_steps={steps}", cwd=tmp_path)
    assert again.returncode == 0 and "was not reached" not in again.stderr, again.stderr
    more = run_cli("train", "-c", "s.yaml", "--seed", "3", "--run-dir", "c", "--set", "loop.parameters.max_episodes=2",
                   "--set", f"loop.parameters.max_steps={steps + 1}", cwd=tmp_path)
    assert f"max_steps: {steps + 1} was not reached ({steps} env steps)" in more.stderr, more.stderr
