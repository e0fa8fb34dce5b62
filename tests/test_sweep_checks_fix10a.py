"""tester10a-8: what train refuses only once it has made the env (and its run folder), reward_threshold: env on an
env without one, an env the agent cannot take, is refused by sweep, tune and create-default before anything is
made, by the same check (gym_loop.spec.check_on_env), with train's message and the config or value."""

import pytest
import yaml
from conftest import make_spec, run_cli

NONE = "loop.parameters.reward_threshold: Pendulum-v1 has no reward_threshold; give a number"
QLEARNING = "gym_loop.agents.q_learning:QLearningAgent"


@pytest.fixture
def folder(tmp_path):
    spec = make_spec("Pendulum-v1", max_episodes=2, episodes_per_eval=1, eval_episodes=1)
    (tmp_path / "p.yaml").write_text(yaml.safe_dump(spec))
    return tmp_path


def _refused(ran, message):
    assert (ran.returncode, ran.stderr.strip().splitlines()[-1]) == (2, f"Error: {message}"), ran.stderr


def test_sweep_refuses_reward_threshold_env_before_making_its_folder(folder):
    ran = run_cli("sweep", "-c", "p.yaml", "--seeds", "0-1", "--set", "loop.parameters.reward_threshold=env",
                  "--jobs", "1", "-q", cwd=folder)
    _refused(ran, f"{NONE} (config base)")
    assert not (folder / "sweeps").exists() and not (folder / "runs").exists()


def test_sweep_refuses_an_agent_class_the_env_does_not_fit_before_making_its_folder(folder):
    ran = run_cli("sweep", "-c", "p.yaml", "--seeds", "0", "--grid",
                  f"agent.class=[gym_loop.agents:RandomAgent,{QLEARNING}]", "--jobs", "1", "-q", cwd=folder)
    assert ran.returncode == 2 and "Error: agent.class: QLearningAgent needs a finite observation space" in \
        ran.stderr and "(config class=" in ran.stderr.strip().splitlines()[-1], ran.stderr
    assert not (folder / "sweeps").exists()


def test_tune_refuses_reward_threshold_env_in_the_spec_or_the_space_before_making_its_folder(folder):
    pytest.importorskip("optuna")
    (folder / "sp.yaml").write_text("loop.parameters.eval_episodes: {int: [1, 3]}\n")
    ran = run_cli("tune", "-c", "p.yaml", "--space", "sp.yaml", "--trials", "2", "--jobs", "1",
                  "--set", "loop.parameters.reward_threshold=env", cwd=folder)
    _refused(ran, NONE)
    (folder / "sp.yaml").write_text("loop.parameters.reward_threshold: {categorical: [null, env]}\n")
    ran = run_cli("tune", "-c", "p.yaml", "--space", "sp.yaml", "--trials", "2", "--jobs", "1", cwd=folder)
    _refused(ran, f'{NONE} (space.loop.parameters.reward_threshold: "env")')
    assert not (folder / "tunes").exists() and not (folder / "runs").exists()


def test_create_default_refuses_reward_threshold_env_for_an_env_without_one(tmp_path):
    ran = run_cli("create-default", "-c", "q.yaml", "--set", "env.name=Pendulum-v1",
                  "--set", "loop.parameters.reward_threshold=env", cwd=tmp_path)
    _refused(ran, NONE)
    assert not (tmp_path / "q.yaml").exists()
