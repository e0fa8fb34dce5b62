"""Episode returns and lengths: Gymnasium's RecordEpisodeStatistics against the loops' own sums, side by side.

    python benchmarks/episode_statistics.py [--steps 200000] [--vector-steps 1000000] [--num-envs 64]
                                            [--mode vector_entry_point] [--rounds 7] [--cases single vector]

Each case steps one env with ``action_space.sample()`` (resetting on done when single) and
nothing else: that is the bare loop. The two variants do the same and also record every
episode's return and length:

- ``wrapper``: the env wrapped in ``gymnasium.wrappers.RecordEpisodeStatistics`` (single) or
  ``gymnasium.wrappers.vector.RecordEpisodeStatistics`` (vector), reading ``info["episode"]``
  (and ``info["_episode"]``) on the steps where episodes ended;
- ``own``: the lines of ``DefaultLoop._run_episode`` (single) or ``VectorLoop._play_vector``
  (vector) that sum them, copied below. The vector copy keeps the resetting mask, which the
  loop needs anyway for ``memorize`` (a reset step is no transition), so it is charged to ``own``.

On the first round both variants must record the same episodes, returns and lengths (asserted).
Every variant run sits between two bare runs and is compared with their mean (as in
``side_by_side.py``), so drift in the machine's speed favours no side; the table gives median
steps/s (for the vector case, sub-env steps, reset steps included, the same for every variant),
the median per-round ratio to bare, the extra time per step over bare, in percent, and the
lowest and highest per-round ratios.
"""

import argparse
import os
import platform
import statistics
import time
from typing import Callable, Dict, List, Tuple

import gymnasium as gym
import numpy as np
from gymnasium.wrappers import RecordEpisodeStatistics
from gymnasium.wrappers.vector import RecordEpisodeStatistics as RecordVectorEpisodeStatistics

Run = Callable[[int], Tuple[float, list]]  # seed -> (steps/s, the episodes recorded)


def single_bare(env_id: str, steps: int, seed: int) -> Tuple[float, list]:
    env = gym.make(env_id)
    env.reset(seed=seed)
    env.action_space.seed(seed)
    started = time.perf_counter()
    for _ in range(steps):
        _, _, terminated, truncated, _ = env.step(env.action_space.sample())
        if terminated or truncated:
            env.reset()
    seconds = time.perf_counter() - started
    env.close()
    return steps / seconds, []


def single_wrapper(env_id: str, steps: int, seed: int) -> Tuple[float, list]:
    env = RecordEpisodeStatistics(gym.make(env_id))
    env.reset(seed=seed)
    env.action_space.seed(seed)
    episodes = []
    started = time.perf_counter()
    for _ in range(steps):
        _, _, terminated, truncated, info = env.step(env.action_space.sample())
        if terminated or truncated:
            stats = info["episode"]
            episodes.append((float(stats["r"]), int(stats["l"])))
            env.reset()
    seconds = time.perf_counter() - started
    env.close()
    return steps / seconds, episodes


def single_own(env_id: str, steps: int, seed: int) -> Tuple[float, list]:
    env = gym.make(env_id)
    env.reset(seed=seed)
    env.action_space.seed(seed)
    episodes = []
    total_reward, length = 0.0, 0  # DefaultLoop._run_episode
    started = time.perf_counter()
    for _ in range(steps):
        length += 1  # the step being taken, from 1
        _, reward, terminated, truncated, _ = env.step(env.action_space.sample())
        total_reward += float(reward)
        if terminated or truncated:
            episodes.append((total_reward, length))  # _run_episode returns them
            total_reward, length = 0.0, 0
            env.reset()
    seconds = time.perf_counter() - started
    env.close()
    return steps / seconds, episodes


def _vector_env(env_id: str, num_envs: int, mode: str, seed: int):
    envs = gym.make_vec(env_id, num_envs=num_envs, vectorization_mode=mode)
    envs.action_space.seed(seed)
    return envs


def vector_bare(env_id: str, num_envs: int, mode: str, steps: int, seed: int) -> Tuple[float, list]:
    envs = _vector_env(env_id, num_envs, mode, seed)
    envs.reset(seed=seed)
    vector_steps = steps // num_envs
    started = time.perf_counter()
    for _ in range(vector_steps):
        envs.step(envs.action_space.sample())
    seconds = time.perf_counter() - started
    envs.close()
    return vector_steps * num_envs / seconds, []


def vector_wrapper(env_id: str, num_envs: int, mode: str, steps: int, seed: int) -> Tuple[float, list]:
    envs = RecordVectorEpisodeStatistics(_vector_env(env_id, num_envs, mode, seed))
    envs.reset(seed=seed)
    vector_steps, episodes = steps // num_envs, []
    started = time.perf_counter()
    for _ in range(vector_steps):
        _, _, _, _, info = envs.step(envs.action_space.sample())
        stats = info.get("episode")
        if stats is not None:
            ended = info["_episode"]
            episodes.extend(zip(ended.nonzero()[0].tolist(), stats["r"][ended].tolist(), stats["l"][ended].tolist()))
    seconds = time.perf_counter() - started
    envs.close()
    return vector_steps * num_envs / seconds, episodes


def vector_own(env_id: str, num_envs: int, mode: str, steps: int, seed: int) -> Tuple[float, list]:
    envs = _vector_env(env_id, num_envs, mode, seed)
    envs.reset(seed=seed)
    count, episodes = num_envs, []
    returns, started = np.zeros(count), [0] * count  # VectorLoop._play_vector from here
    resetting, resets = np.zeros(count, dtype=bool), 0
    vector_steps = 0
    clock = time.perf_counter()
    for _ in range(steps // num_envs):
        _, rewards, terminated, truncated, _ = envs.step(envs.action_space.sample())
        valid, dones = ~resetting, terminated | truncated
        vector_steps += 1
        returns += rewards
        ended = dones.nonzero()[0].tolist()
        resetting, resets = dones, len(ended)
        if ended:
            totals = returns.tolist()
            returns[dones] = 0.0
            for index in ended:
                episodes.append((index, totals[index], vector_steps - started[index]))
                started[index] = vector_steps + 1
    seconds = time.perf_counter() - clock
    envs.close()
    return vector_steps * num_envs / seconds, episodes


def interleave(bare: Run, variants: Dict[str, Run], rounds: int) -> Tuple[List[float], Dict[str, List[float]],
                                                                                  Dict[str, List[float]]]:
    """Each variant run between two bare runs, its order rotated per round; the first round's episodes
    must agree between the variants. Returns bare speeds, and each variant's speeds and ratios."""
    names = list(variants)
    bare_speeds = [bare(0)[0]]
    speeds: Dict[str, List[float]] = {name: [] for name in names}
    ratios: Dict[str, List[float]] = {name: [] for name in names}
    for seed in range(rounds):
        recorded = {}
        for name in names[seed % len(names):] + names[:seed % len(names)]:
            speed, recorded[name] = variants[name](seed)
            bare_speeds.append(bare(seed)[0])
            speeds[name].append(speed)
            ratios[name].append(speed / statistics.mean(bare_speeds[-2:]))
        if seed == 0:
            first = recorded[names[0]]
            assert first, "no episode ended: raise --steps"
            for name in names[1:]:
                assert recorded[name] == first, f"{name} recorded other episodes than {names[0]}"
    return bare_speeds, speeds, ratios


def report(title: str, bare: Run, variants: Dict[str, Run], rounds: int) -> None:
    for run in (bare, *variants.values()):
        run(0)  # warm up
    bare_speeds, speeds, ratios = interleave(bare, variants, rounds)
    print(title)
    print(f"{'':<10}{'steps/s':>10}{'ratio':>8}{'extra':>8}{'ratios of the rounds':>24}")
    print(f"{'bare':<10}{statistics.median(bare_speeds):>10.0f}{1:>8.2f}{'':>8}")
    extra = {}
    for name in variants:
        ratio = statistics.median(ratios[name])
        extra[name] = 100 * (1 / ratio - 1)  # time per step over bare's, in percent
        print(f"{name:<10}{statistics.median(speeds[name]):>10.0f}{ratio:>8.3f}{extra[name]:>7.1f}%"
              f"{min(ratios[name]):>16.3f} to {max(ratios[name]):.3f}")
    print(f"wrapper costs {extra['wrapper']:.1f}% of bare, own bookkeeping {extra['own']:.1f}%\n")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--env", default="CartPole-v1")
    parser.add_argument("--steps", type=int, default=200_000, help="env steps per single-env run")
    parser.add_argument("--vector-steps", type=int, default=1_000_000, help="sub-env steps per vector run")
    parser.add_argument("--num-envs", type=int, default=64)
    parser.add_argument("--mode", default="vector_entry_point")
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--cases", nargs="+", choices=("single", "vector"), default=["single", "vector"])
    args = parser.parse_args()
    print(f"Python {platform.python_version()}, {os.cpu_count()} CPUs, gymnasium {gym.__version__}, "
          f"load average {os.getloadavg()[0]:.2f}; median of {args.rounds} rounds\n")
    env, n, mode, steps, vsteps = args.env, args.num_envs, args.mode, args.steps, args.vector_steps
    if "single" in args.cases:
        report(f"{env}, one env, ~{steps} steps per run",
               lambda seed: single_bare(env, steps, seed),
               {"wrapper": lambda seed: single_wrapper(env, steps, seed),
                "own": lambda seed: single_own(env, steps, seed)}, args.rounds)
    if "vector" in args.cases:
        report(f"{env}, {n} envs ({mode}), ~{vsteps} sub-env steps per run",
               lambda seed: vector_bare(env, n, mode, vsteps, seed),
               {"wrapper": lambda seed: vector_wrapper(env, n, mode, vsteps, seed),
                "own": lambda seed: vector_own(env, n, mode, vsteps, seed)}, args.rounds)
    print(f"load average at the end {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
