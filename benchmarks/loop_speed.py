"""gym-loop's training loop against a bare Gymnasium loop, on the same env, measured side by side.

    python benchmarks/loop_speed.py [--steps 100000] [--rounds 7] [--envs CartPole-v1 ...]

The bare loop is ``gym.make``, ``action_space.sample()``, ``step``, ``reset`` on done. gym-loop
runs ``train_agent`` with ``RandomAgent`` and everything on: a run folder, per-episode
TensorBoard scalars (return, length, the agent's metric), ``episodes.csv`` and checkpoints
(rare; and for CartPole also as the default spec has them, every 10 episodes). Each
round runs gym-loop between two bare runs, in this process; the table gives the medians, the
median of the per-round ratios to the mean of the bare runs either side (the target is >= 0.90;
see ``side_by_side.py``), as ``timeit`` advises on a noisy machine the ratio of the best
runs, and the median per-round ratio in CPU time (``CPU``), which a busy machine disturbs far
less. The dict-observation env needs ``pip install minigrid``.
"""

import argparse
import importlib.util
import os
import platform
import tempfile
from pathlib import Path

import gymnasium as gym

from gym_loop.spec import default_spec
from side_by_side import HEADER, now, side_by_side, speed, train_speed

DICT_ENV = "MiniGrid-Empty-5x5-v0"  # dict observations; pip install minigrid


def bare_loop(env_id, steps, seed):
    """Steps per second of the bare loop, and the episodes it finished."""
    env = gym.make(env_id)
    env.reset(seed=seed)
    env.action_space.seed(seed)
    episodes = 0
    started = now()
    for _ in range(steps):
        _, _, terminated, truncated, _ = env.step(env.action_space.sample())
        if terminated or truncated:
            env.reset()
            episodes += 1
    speeds = speed(steps, started)
    env.close()
    return speeds, episodes


def gym_loop_spec(env_id, episodes, default_checkpoints=False):
    """The spec of the gym-loop side: ``RandomAgent`` on ``env_id`` for ``episodes`` episodes.

    Checkpoints are rare (every 1000 episodes) unless ``default_checkpoints``: then the default
    spec's ``episodes_per_checkpoint`` (10) and ``keep_checkpoints`` (3) hold.
    """
    spec = default_spec()
    spec["env"]["name"] = env_id
    spec["env"]["imports"] = ["minigrid"] if env_id == DICT_ENV else []
    spec["loop"]["parameters"].update(max_episodes=episodes, max_episode_len=None)
    if not default_checkpoints:
        spec["loop"]["parameters"]["episodes_per_checkpoint"] = 1000
    return spec


def gym_loop_run(env_id, episodes, seed, runs_dir, default_checkpoints=False):
    """Steps per second of ``train_agent`` (build and all) over ``episodes`` episodes."""
    return train_speed(gym_loop_spec(env_id, episodes, default_checkpoints), seed, runs_dir)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--steps", type=int, default=100_000)
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--envs", nargs="+", default=["CartPole-v1", "Pendulum-v1", DICT_ENV])
    args = parser.parse_args()
    print(f"Python {platform.python_version()}, {os.cpu_count()} CPUs, gymnasium {gym.__version__}")
    print(f"steps/s, median of {args.rounds} rounds of ~{args.steps} steps")
    print(f"{'env':<24}{HEADER}")
    with tempfile.TemporaryDirectory() as runs_dir:
        for env_id in args.envs:
            if env_id == DICT_ENV and importlib.util.find_spec("minigrid") is None:
                print(f"{env_id:<24}skipped: pip install minigrid")
                continue
            if env_id == DICT_ENV:
                importlib.import_module("minigrid")  # registers the env
            gym_loop_run(env_id, 2, 0, Path(runs_dir))  # warm up: imports, first writer
            rounds = side_by_side(lambda seed: bare_loop(env_id, args.steps, seed),
                                  lambda episodes, seed: gym_loop_run(env_id, episodes, seed, Path(runs_dir)),
                                  args.rounds)
            print(f"{env_id:<24}{rounds.row()}")
            if env_id == "CartPole-v1":  # the default spec: a checkpoint every 10 episodes
                rounds = side_by_side(lambda seed: bare_loop(env_id, args.steps, seed),
                                      lambda episodes, seed: gym_loop_run(env_id, episodes, seed, Path(runs_dir), True),
                                      args.rounds)
                print(f"{'CartPole-v1 default spec':<24}{rounds.row()}")


if __name__ == "__main__":
    main()
