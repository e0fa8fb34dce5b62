"""The built-in NumPy agents learn their envs, resume exactly and refuse spaces they cannot handle."""

import json
import subprocess
import sys

import numpy as np
import pytest

from conftest import make_spec, read_scalars, run_cli, write_spec
from gym_loop.state import read_state
from test_runs import EXAMPLES, episodes, train

Q_LEARNING = "gym_loop.agents.q_learning:QLearningAgent"
CROSS_ENTROPY = "gym_loop.agents.cross_entropy:CrossEntropyAgent"


def evaluate_best(tmp_path, run, episodes_count):
    """Mean return of the run's best checkpoint over fresh episodes (a seed training never used)."""
    result = run_cli("eval", "--run", run, "--checkpoint", "best", "--seed", "12345",
                     "--set", f"loop.parameters.eval_episodes={episodes_count}", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    summary = json.loads(next((run / "eval_logs").glob("summary-*.json")).read_text())
    assert summary["episodes"] == episodes_count
    return summary["return"]["mean"]


@pytest.mark.slow
@pytest.mark.parametrize("example, threshold, episodes_count", [
    ("q_learning_frozen_lake", 0.70, 1000),
    ("q_learning_taxi", 7, 1000),
    ("cross_entropy_cartpole", 475, 20),
])
def test_the_numpy_agent_reaches_its_threshold(tmp_path, example, threshold, episodes_count):
    run = train(tmp_path, "-c", EXAMPLES / f"{example}.yaml")
    assert json.loads((run / "run.json").read_text())["reason"].startswith("solved after")
    assert evaluate_best(tmp_path, run, episodes_count) >= threshold


@pytest.mark.parametrize("example, metrics, stop_at, end_at", [
    ("q_learning_frozen_lake", {"q_learning/epsilon", "q_learning/td_error"}, 120, 300),
    ("q_learning_taxi", {"q_learning/epsilon", "q_learning/td_error"}, 50, 120),
    ("cross_entropy_cartpole", {"cross_entropy/elite_return", "cross_entropy/std"}, 50, 90),
])
def test_interrupted_and_resumed_equals_uninterrupted(tmp_path, example, metrics, stop_at, end_at):
    spec = EXAMPLES / f"{example}.yaml"
    no_early_stop = ("--set", "loop.parameters.reward_threshold=null", "--set", "loop.parameters.episodes_per_eval=30")
    whole = train(tmp_path, "-c", spec, *no_early_stop, "--set", f"loop.parameters.max_episodes={end_at}")
    part = train(tmp_path, "-c", spec, *no_early_stop, "--set", f"loop.parameters.max_episodes={stop_at}")
    train(tmp_path, "--resume", part, "--set", f"loop.parameters.max_episodes={end_at}")
    assert len(episodes(part)) == end_at
    assert episodes(part) == episodes(whole)
    last = f"checkpoints/agent-{end_at:06d}/agent.ckpt"
    resumed, uninterrupted = (read_state(str(run / last)) for run in (part, whole))
    assert resumed.keys() == uninterrupted.keys()
    for name, value in resumed.items():
        other = uninterrupted[name]
        if isinstance(value, np.random.Generator):
            value, other = value.bit_generator.state, other.bit_generator.state
        assert np.array_equal(value, other) if isinstance(value, np.ndarray) else value == other, name
    scalars = read_scalars(part / "logs")
    assert metrics <= set(scalars)
    assert scalars == read_scalars(whole / "logs")


@pytest.mark.parametrize("agent, env, words", [
    (Q_LEARNING, "CartPole-v1", "QLearningAgent needs a finite observation space (Discrete, MultiDiscrete, "
                                "MultiBinary or a Tuple of them), and the env's is Box("),
    (Q_LEARNING, "MountainCarContinuous-v0", "QLearningAgent needs a finite observation space"),
    (CROSS_ENTROPY, "FrozenLake-v1", "CrossEntropyAgent needs a Box observation space"),
])
def test_an_agent_refuses_spaces_it_cannot_handle(tmp_path, agent, env, words):
    write_spec(tmp_path / "run.yaml", make_spec(env, agent=agent))
    result = run_cli("train", "-c", "run.yaml", cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr.strip().splitlines()[-1].startswith(f"Error: agent.class: {words}")
    assert not (tmp_path / "runs").exists() or not list((tmp_path / "runs").iterdir())


@pytest.mark.parametrize("agent, env, name, value, allowed", [
    (Q_LEARNING, "FrozenLake-v1", "learning_rate", "-3", "a number from 0 to 1"),
    (Q_LEARNING, "FrozenLake-v1", "discount", "1.5", "a number from 0 to 1"),
    (Q_LEARNING, "FrozenLake-v1", "epsilon_end", "-0.1", "a number from 0 to 1"),
    (Q_LEARNING, "FrozenLake-v1", "epsilon_decay_steps", "-1", "a non-negative integer"),
    (CROSS_ENTROPY, "CartPole-v1", "population_size", "0", "a positive integer"),
    (CROSS_ENTROPY, "CartPole-v1", "elite_fraction", "0", "a number > 0 and <= 1"),
    (CROSS_ENTROPY, "CartPole-v1", "initial_std", "-1", "a number >= 0"),
    (CROSS_ENTROPY, "CartPole-v1", "extra_std", ".nan", "a number >= 0"),
])
def test_a_parameter_out_of_its_range_is_refused_with_its_range(tmp_path, agent, env, name, value, allowed):
    write_spec(tmp_path / "run.yaml", make_spec(env, agent=agent))
    result = run_cli("train", "-c", "run.yaml", "--set", f"agent.parameters.{name}={value}", cwd=tmp_path)
    assert result.returncode == 2
    shown = {".nan": ".nan (not a finite number)"}.get(value, value)
    assert result.stderr.strip().splitlines()[-1] == f"Error: agent.parameters.{name}: expected {allowed}, got {shown}"
    assert not (tmp_path / "runs").exists()


def test_the_cross_entropy_agent_also_acts_in_box_action_spaces(tmp_path):
    write_spec(tmp_path / "run.yaml", make_spec("Pendulum-v1", agent=CROSS_ENTROPY, max_episodes=3,
                                                max_episode_len=20, episodes_per_eval=3))
    run = train(tmp_path, "-c", "run.yaml")
    assert len(episodes(run)) == 3


def test_the_built_in_agents_import_without_torch():
    code = ("import sys; sys.modules['torch'] = None\n"
            "from gym_loop.agents.q_learning import QLearningAgent\n"
            "from gym_loop.agents.cross_entropy import CrossEntropyAgent\n"
            "import gym_loop.gym_loop")
    subprocess.run([sys.executable, "-c", code], check=True)


def test_q_learning_learns_from_every_sub_envs_transitions_under_vector_loop(tmp_path, monkeypatch):
    import gymnasium

    from gym_loop.agents.q_learning import QLearningAgent
    from gym_loop.loops.vector_loop import VectorLoop

    monkeypatch.chdir(tmp_path)
    env = gymnasium.make("Taxi-v4")
    agent = QLearningAgent(observation_space=env.observation_space, action_space=env.action_space,
                           rng=np.random.default_rng(0))
    loop = VectorLoop(agent, env, max_episodes=40, num_envs=4, random_episodes=8)
    summary = loop.train()
    assert summary.episodes == 40
    assert agent.steps == loop.global_step  # every transition of every sub-env, the warm-up's too
    assert np.count_nonzero(agent.q_table) > 0
