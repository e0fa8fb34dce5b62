"""Agents written for one env under VectorLoop (tester7e-1..7): refused in one line where they cannot learn
right (SINGLE_ENV), made right where cheap (DQN counts in memorize); autoreset modes VectorLoop does not play
are refused; CrossEntropyAgent scores only the episodes its candidate played."""

import csv
import importlib.util

import gymnasium
import numpy as np
import pytest

from gym_loop.agents import BaseAgent, RandomAgent
from gym_loop.agents.cross_entropy import CrossEntropyAgent
from gym_loop.errors import SpecError
from gym_loop.loops.default_loop import DefaultLoop
from gym_loop.loops.vector_loop import VectorLoop
from test_runs import EXAMPLES


def example(name, cls):
    spec = importlib.util.spec_from_file_location(f"fix7e_{name}", EXAMPLES / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return getattr(module, cls)


def make(agent_class, env, **params):
    return agent_class(observation_space=env.observation_space, action_space=env.action_space,
                       rng=np.random.default_rng(0), **params)


def files(tmp_path):
    return dict(logdir=None, episodes_csv=str(tmp_path / "e.csv"), evals_csv=None,
                checkpoint_dir=str(tmp_path / "ck"))


def rows(tmp_path):
    with open(tmp_path / "e.csv") as file:
        return list(csv.DictReader(file))


@pytest.mark.parametrize("mode", ["SameStep", "Disabled", gymnasium.vector.AutoresetMode.SAME_STEP])
def test_an_autoreset_mode_other_than_next_step_is_refused(mode):
    env = gymnasium.make("CartPole-v1")
    with pytest.raises(SpecError) as caught:
        next(VectorLoop(make(BaseAgent, env), env, num_envs=2,
                        vector_kwargs={"autoreset_mode": mode}).training_episodes())
    shown = getattr(mode, "value", mode)
    assert str(caught.value) == (f"loop.parameters.vector_kwargs: VectorLoop plays Gymnasium's NextStep autoreset, "
                                 f"not {shown}; remove vector_kwargs.autoreset_mode or set it to NextStep")


def test_next_step_named_is_accepted(tmp_path):
    env = gymnasium.make("CartPole-v1")
    loop = VectorLoop(make(RandomAgent, env), env, num_envs=2, max_episodes=4, seed=0,
                      vector_kwargs={"autoreset_mode": "NextStep"}, **files(tmp_path))
    loop.train()
    assert all(float(row["return"]) == float(row["length"]) for row in rows(tmp_path))  # CartPole: 1 per step


class OneEnvAgent(BaseAgent):
    SINGLE_ENV = True

    def act(self, state, episode_num):
        return 0


class BatchedOneEnvAgent(OneEnvAgent):
    def act_batch(self, states, episode_nums):
        return np.zeros(len(episode_nums), dtype=np.int64)

    def memorize_batch(self, last_obs, actions, rewards, dones, obs, terminated, truncated, valid):
        pass


@pytest.mark.parametrize("agent_class", [OneEnvAgent, CrossEntropyAgent, "hill_climbing:HillClimbingAgent"])
def test_a_single_env_agent_is_refused_by_vector_loop_naming_the_fix(agent_class):
    if isinstance(agent_class, str):
        agent_class = example(*agent_class.split(":"))
    env = gymnasium.make("CartPole-v1")
    with pytest.raises(SpecError) as caught:
        next(VectorLoop(make(agent_class, env), env, num_envs=2).training_episodes())
    assert str(caught.value) == (
        f"loop.class: {agent_class.__name__} sets SINGLE_ENV: it learns from one env's episode at a time, and "
        "VectorLoop would interleave its act and memorize calls over num_envs sub-envs; use DefaultLoop (or "
        "num_envs: 1), or give the agent act_batch and memorize_batch (docs/agents.rst, Batched agents)")


def test_a_single_env_agent_runs_on_one_sub_env_or_with_batched_methods(tmp_path):
    env = gymnasium.make("CartPole-v1")
    VectorLoop(make(OneEnvAgent, env), env, num_envs=1, max_episodes=1, **files(tmp_path / "one")).train()
    VectorLoop(make(BatchedOneEnvAgent, env), env, num_envs=2, max_episodes=2, **files(tmp_path / "two")).train()


def test_the_cli_refuses_cross_entropy_under_vector_loop_before_any_run(tmp_path):
    from conftest import run_cli

    result = run_cli("train", "-q", "-c", str(EXAMPLES / "cross_entropy_cartpole.yaml"), "--set",
                     "loop.class=gym_loop.loops.vector_loop:VectorLoop", "--set", "loop.parameters.num_envs=4",
                     "--run-dir", str(tmp_path / "run"), cwd=tmp_path)
    assert result.returncode == 2, result.stderr
    assert "loop.class: CrossEntropyAgent sets SINGLE_ENV" in result.stderr
    assert not (tmp_path / "run").exists()


@pytest.mark.parametrize("episodes", [2, 3])
def test_cross_entropy_scores_only_episodes_its_candidate_played(tmp_path, episodes):
    env = gymnasium.make("CartPole-v1")
    agent = make(CrossEntropyAgent, env, population_size=2, elite_fraction=0.5)
    DefaultLoop(agent, env, seed=0, random_episodes=1, max_episodes=episodes, **files(tmp_path)).train()
    returns = [float(row["return"]) for row in rows(tmp_path)]
    if episodes == 2:  # one random episode, one candidate: no generation yet, the candidate's return kept
        assert (agent.generation, agent.returns) == (0, [returns[1]])
    else:  # both candidates played: the elite is the better of their returns, never the random episode's
        assert (agent.generation, agent.elite_return) == (1, max(returns[1:]))


def test_hill_climbing_evaluates_its_best_weights():
    agent_class = example("hill_climbing", "HillClimbingAgent")
    env = gymnasium.make("CartPole-v1")
    agent = make(agent_class, env)
    agent.best_weights, agent.weights = np.array([[1.0, 0.0]] * 4), np.array([[0.0, 1.0]] * 4)
    state = np.ones(4)
    assert (agent.act(state, 0, evaluation=True), agent.act(state, 0)) == (0, 1)


def test_ppo_skips_the_random_episodes_it_did_not_act_in(tmp_path):
    pytest.importorskip("torch")
    env = gymnasium.make("CartPole-v1")
    agent = make(example("ppo", "PPOAgent"), env, n_steps=100000, hidden_sizes=[8])
    DefaultLoop(agent, env, seed=0, random_episodes=2, max_episodes=4, **files(tmp_path)).train()
    assert len(agent.rollout) == sum(int(row["length"]) for row in rows(tmp_path)[2:])


def test_dqn_trains_as_often_under_vector_loop_as_under_default_loop(tmp_path):
    pytest.importorskip("torch")
    env = gymnasium.make("CartPole-v1")
    agent = make(example("dqn", "DQNAgent"), env, learning_starts=50, train_freq=32, gradient_steps=1,
                 batch_size=8, target_update_interval=7, buffer_size=1000, hidden_sizes=[8])
    rounds, copies = [], []
    train_step, copy = agent._train_step, agent.target_net.load_state_dict
    agent._train_step = lambda: rounds.append(agent.steps) or train_step()
    agent.target_net.load_state_dict = lambda state: copies.append(agent.steps) or copy(state)
    loop = VectorLoop(agent, env, num_envs=4, max_steps=400, max_episodes=10000, seed=0, **files(tmp_path))
    loop.train()
    assert agent.steps == loop.global_step >= 400
    assert rounds == list(range(64, agent.steps + 1, 32))
    assert copies == list(range(7, agent.steps + 1, 7))
