"""Training with NormalizeReward in the env records the task's returns, not the rescaled ones (left9-1): gym-loop
sums the rewards beneath the rescaling wrapper, as Stable-Baselines3's Monitor sits under VecNormalize."""

import csv

import gymnasium
import pytest
from gymnasium.wrappers import NormalizeObservation, NormalizeReward

from gym_loop.agents.random_agent import RandomAgent
from gym_loop.loops.default_loop import DefaultLoop
from gym_loop.loops.vector_loop import VectorLoop


def rows(path):
    with open(path, newline="") as file:
        return list(csv.DictReader(file))


def norm_cartpole():
    return NormalizeReward(NormalizeObservation(gymnasium.make("CartPole-v1")))


@pytest.mark.parametrize("max_episode_len", [None, 7])  # 7: the loop's own TimeLimit, above NormalizeReward
def test_default_loop_records_the_raw_returns_of_training_and_evaluation(tmp_path, caplog, max_episode_len):
    env = norm_cartpole()
    agent = RandomAgent(action_space=env.action_space)
    DefaultLoop(agent, env, eval_env=norm_cartpole(), seed=0, max_episodes=6, episodes_per_eval=3, eval_episodes=2,
                max_episode_len=max_episode_len, logdir=None, episodes_csv=str(tmp_path / "episodes.csv"),
                evals_csv=str(tmp_path / "evals.csv"), checkpoint_dir=str(tmp_path / "c")).train()
    episodes = rows(tmp_path / "episodes.csv")
    assert len(episodes) == 6
    assert all(float(row["return"]) == int(row["length"]) for row in episodes), episodes  # CartPole: 1 a step
    evals = rows(tmp_path / "evals.csv")
    assert evals and all(float(row["mean_return"]) == float(row["mean_length"]) for row in evals), evals
    assert not [record for record in caplog.records if "rescales its rewards" in record.getMessage()]
    assert type(env.env).__name__ == "NormalizeObservation"  # the env given is left as it was
    assert env.spec.additional_wrappers[-1].name == "NormalizeReward"


def test_evaluate_records_raw_returns(tmp_path):
    env = norm_cartpole()
    summary = DefaultLoop(RandomAgent(action_space=env.action_space), env, seed=0, eval_episodes=3,
                          eval_logdir=str(tmp_path / "e")).evaluate()
    assert all(value == int(value) and value >= 8 for value in summary.returns), summary.returns


@pytest.mark.parametrize("mode", ["sync", "async"])
def test_vector_loop_records_the_raw_returns(tmp_path, mode):
    env = NormalizeReward(gymnasium.make("CartPole-v1"))  # its spec re-creates NormalizeReward in each copy
    VectorLoop(RandomAgent(action_space=env.action_space), env, seed=0, num_envs=2, vectorization_mode=mode,
               max_episodes=6, max_episode_len=9, logdir=None, episodes_csv=str(tmp_path / "episodes.csv"),
               evals_csv=None, checkpoint_dir=str(tmp_path / "c")).train()
    episodes = rows(tmp_path / "episodes.csv")
    assert len(episodes) >= 6
    assert all(float(row["return"]) == int(row["length"]) for row in episodes), episodes
