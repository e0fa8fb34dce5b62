"""Values a Python caller naturally gives: NumPy integer seeds, pathlib paths (tester11a-10, -11); and two slips the
CLI cannot make: seed_each_episode without a seed, the training env as eval_env (tester11a-21, -24)."""

import json
from pathlib import Path

import gymnasium as gym
import numpy as np
import pytest

from gym_loop.agents.random_agent import RandomAgent
from gym_loop.errors import GymLoopError, SpecError
from gym_loop.gym_loop import get_default_params, train_agent
from gym_loop.loops.default_loop import DefaultLoop


def _loop(tmp_path, tag="a", env=None, **params):
    env = env or gym.make("CartPole-v1")
    agent = RandomAgent(observation_space=env.observation_space, action_space=env.action_space)
    paths = dict(episodes_csv=tmp_path / f"{tag}.csv", evals_csv=tmp_path / f"v{tag}.csv",
                 checkpoint_dir=tmp_path / f"c{tag}", logdir=tmp_path / f"l{tag}")
    return DefaultLoop(agent, env, **{"max_episodes": 3, **paths, **params})


def test_a_numpy_seed_and_pathlib_paths_are_taken_as_they_read(tmp_path):
    by_int = list(_loop(tmp_path, "a", seed=3).train().returns)
    assert list(_loop(tmp_path, "b", seed=np.int64(3)).train().returns) == by_int
    assert (tmp_path / "b.csv").is_file() and (tmp_path / "lb").is_dir()


def test_a_spec_with_a_numpy_seed_and_a_pathlib_runs_dir_trains(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    spec = get_default_params("gym_loop.agents.random_agent:RandomAgent", "gym_loop.loops.default_loop:DefaultLoop")
    spec["env"]["name"] = "CartPole-v1"
    spec["loop"]["parameters"]["max_episodes"] = 1
    spec["seed"], spec["runs_dir"] = np.int64(4), Path("experiments") / "cartpole"
    train_agent(spec, name="r")
    (run,) = (tmp_path / "experiments" / "cartpole").iterdir()
    assert json.loads((run / "run.json").read_text())["seed"] == 4


@pytest.mark.parametrize("seed", [-1, 2**64, 1.5, "3"])
def test_a_wrong_seed_is_refused_in_one_line_naming_it(tmp_path, seed):
    with pytest.raises(SpecError, match=r"^seed: expected a non-negative integer below 2\*\*64 or null, got "):
        _loop(tmp_path, seed=seed)


def test_seed_each_episode_without_a_seed_is_refused(tmp_path):
    with pytest.raises(SpecError, match=r"^loop.parameters.seed_each_episode: seeds each episode from the run's "
                                        r"seed, and there is none: DefaultLoop\(\.\.\., seed=N\)$"):
        _loop(tmp_path, seed_each_episode=True).train()  # evaluate() does not need it
    assert list(tmp_path.iterdir()) == []
    _loop(tmp_path, seed=1, seed_each_episode=True).train()


def test_the_training_env_given_as_eval_env_is_refused_before_anything_is_written(tmp_path):
    env = gym.make("CartPole-v1")
    loop = _loop(tmp_path, env=env, eval_env=gym.wrappers.TimeLimit(env.unwrapped, 50), episodes_per_eval=1)
    with pytest.raises(GymLoopError, match=r"^eval_env is the training env itself, .*DefaultLoop\(\.\.\., "
                                           r"eval_env=gymnasium.make\(\.\.\.\)\)$"):
        loop.train()
    assert list(tmp_path.iterdir()) == []


def test_the_advice_for_an_earlier_runs_files_names_logdir_too(tmp_path):
    """Followed without logdir=..., the second run's TensorBoard points landed in the first run's curve (11a-22)."""
    _loop(tmp_path, seed=1).train()
    with pytest.raises(GymLoopError, match=r"give the loop other paths \(.*checkpoint_dir=\.\.\., logdir=\.\.\.\)$"):
        _loop(tmp_path, seed=1).train()


def test_loop_parameters_changed_between_train_calls_are_checked_as_the_constructors(tmp_path):
    loop = _loop(tmp_path, seed=1)
    loop.train()
    for key, value, words in [("max_episodes", "ten", "expected a positive integer"),
                              ("max_episodes", 6.0, "expected a positive integer"),
                              ("episodes_per_checkpoint", 0, "expected a positive integer")]:
        loop.parameters.update(max_episodes=5, episodes_per_checkpoint=10)
        loop.parameters[key] = value
        with pytest.raises(SpecError, match=rf"^loop.parameters.{key}: {words}"):
            loop.train()
    loop.parameters.update(max_episodes=5, episodes_per_checkpoint=10)
    assert loop.train().episodes == 5


def test_a_run_trains_once(tmp_path):
    from gym_loop.run import Run

    loop = _loop(tmp_path, seed=1)
    run = Run(loop)
    run.train()
    loop.parameters["max_episodes"] = 5
    with pytest.raises(GymLoopError, match=r"^a Run trains once; to train on, call Run\(loop, \.\.\.\).train\(\) "):
        run.train()
    assert Run(loop).train().episodes == 5


def test_an_env_id_or_a_vector_env_given_as_env_is_refused_in_one_line(tmp_path):
    """Stable-Baselines3 takes an env id (PPO("MlpPolicy", "CartPole-v1")); VectorLoop takes the env it copies."""
    from gym_loop.loops.vector_loop import VectorLoop

    env = gym.make("CartPole-v1")
    agent = RandomAgent(observation_space=env.observation_space, action_space=env.action_space)
    with pytest.raises(GymLoopError, match=r"^env: expected a Gymnasium env, got 'CartPole-v1'; pass "
                                           r"gymnasium.make\('CartPole-v1'\)$"):
        DefaultLoop(agent, "CartPole-v1")
    for loop in (DefaultLoop, VectorLoop):
        with pytest.raises(GymLoopError, match=rf"^env CartPoleVectorEnv is a vector env; {loop.__name__} takes one "
                                               r"env, as gymnasium.make\(id\) makes it"):
            loop(agent, gym.make_vec("CartPole-v1", 2))


def test_loop_parameters_changed_before_the_first_train_are_checked_too(tmp_path):
    loop = _loop(tmp_path, seed=1)
    loop.parameters["max_episodes"] = "ten"
    with pytest.raises(SpecError, match=r"^loop.parameters.max_episodes: expected a positive integer"):
        loop.train()


def test_a_refused_train_seeds_nothing(tmp_path):
    """After 'eval_env is the training env itself' the user gives a second env: the run is the seed's (11g-3)."""
    by_loop = list(_loop(tmp_path, "a", seed=7).train().returns)
    env = gym.make("CartPole-v1")
    loop = _loop(tmp_path, "b", env=env, eval_env=env, seed=7)
    with pytest.raises(GymLoopError, match="^eval_env is the training env itself"):
        loop.train()
    loop.eval_env = gym.make("CartPole-v1")
    assert list(loop.train().returns) == by_loop


def test_an_env_id_given_as_eval_env_is_refused_naming_eval_env(tmp_path):
    env = gym.make("CartPole-v1")
    agent = RandomAgent(observation_space=env.observation_space, action_space=env.action_space)
    with pytest.raises(GymLoopError, match=r"^eval_env: expected a Gymnasium env, got 'CartPole-v1'"):
        DefaultLoop(agent, env, eval_env="CartPole-v1")
    with pytest.raises(GymLoopError, match=r"^eval_env CartPoleVectorEnv is a vector env; DefaultLoop takes one"):
        DefaultLoop(agent, env, eval_env=gym.make_vec("CartPole-v1", 2))


def test_a_path_put_in_loop_parameters_and_a_path_for_eval_agents_checkpoint_are_taken(tmp_path):
    """As the constructor and train_agent take them (tester11g-13, -15)."""
    loop = _loop(tmp_path, seed=1)
    loop.parameters["episodes_csv"] = tmp_path / "other.csv"
    loop.train()
    assert (tmp_path / "other.csv").is_file()
    from gym_loop.gym_loop import eval_agent

    spec = get_default_params("gym_loop.agents.random_agent:RandomAgent", "gym_loop.loops.default_loop:DefaultLoop")
    spec["env"]["name"] = "CartPole-v1"
    spec["loop"]["parameters"].update(max_episodes=2, eval_episodes=1)
    spec["runs_dir"] = str(tmp_path / "runs")
    train_agent(spec, name="r")
    (run,) = (tmp_path / "runs").iterdir()
    assert eval_agent(None, checkpoint=Path("latest"), run_dir=run).episodes == 1
