"""``QLearningAgent`` on FrozenLake-v1 through ``gym-loop train`` against the same agent in a hand-written loop.

    python benchmarks/qlearning_speed.py [--steps 100000] [--rounds 7]

The hand-written loop makes the env and the agent with the same parameters and calls the agent's
``act``, ``memorize`` (with exactly the arguments it takes) and ``update`` directly, resetting the
env when an episode ends: what a researcher would write instead of using gym-loop. gym-loop runs
``train_agent`` on the default spec with that agent and env: a run folder, TensorBoard,
``episodes.csv``, the agent's metrics every episode and a checkpoint every 10 episodes. Each round
times gym-loop between two hand-written runs (``side_by_side.py``); the target is >= 0.90. ``CPU``
is the same ratio in CPU time, which a busy machine disturbs far less.
FrozenLake's episodes are short (about 8 steps while exploring), so this is the case where the
run's per-episode work (sinks, schedule, checkpoints) weighs most.
"""

import argparse
import tempfile
from pathlib import Path

import gymnasium as gym
import numpy as np

from gym_loop.agents.q_learning import QLearningAgent
from gym_loop.spec import default_spec
from side_by_side import HEADER, now, side_by_side, speed, train_speed

AGENT = "gym_loop.agents.q_learning:QLearningAgent"
ENV = "FrozenLake-v1"


def hand_written(steps, seed):
    """Steps per second of the agent in a plain loop, and the episodes it finished."""
    env = gym.make(ENV)
    agent = QLearningAgent(**QLearningAgent.get_default_parameters(), action_space=env.action_space,
                           observation_space=env.observation_space, rng=np.random.default_rng(seed))
    obs, _ = env.reset(seed=seed)
    episode = 0
    started = now()
    for _ in range(steps):
        action = agent.act(obs, episode)
        next_obs, reward, terminated, truncated, _ = env.step(action)
        agent.memorize(obs, action, reward, terminated or truncated, next_obs, terminated)
        agent.update(episode)
        obs = next_obs
        if terminated or truncated:
            obs, _ = env.reset()
            episode += 1
    return speed(steps, started), episode


def gym_loop_spec(episodes):
    """The spec of the gym-loop side: the default spec with the agent and env, for ``episodes`` episodes."""
    spec = default_spec(agent_str=AGENT)
    spec["env"]["name"] = ENV
    spec["loop"]["parameters"]["max_episodes"] = episodes
    return spec


def gym_loop_run(episodes, seed, runs_dir):
    """Steps per second of ``train_agent`` (build and all) on the default spec over ``episodes`` episodes."""
    return train_speed(gym_loop_spec(episodes), seed, runs_dir)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--steps", type=int, default=100_000)
    parser.add_argument("--rounds", type=int, default=7)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as runs_dir:
        gym_loop_run(2, 0, Path(runs_dir))  # warm up: imports, first writer
        rounds = side_by_side(lambda seed: hand_written(args.steps, seed),
                              lambda episodes, seed: gym_loop_run(episodes, seed, Path(runs_dir)), args.rounds)
    print(f"QLearningAgent on {ENV}, steps/s, median of {args.rounds} rounds of ~{args.steps} steps")
    print(f"{'':<14}{HEADER}".replace("bare", "hand"))
    print(f"{'default spec':<14}{rounds.row()}")


if __name__ == "__main__":
    main()
