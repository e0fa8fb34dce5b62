"""VectorLoop against a bare ``gym.make_vec`` loop with the same env count, measured side by side.

    python benchmarks/vector_speed.py [--num-envs 64] [--mode vector_entry_point] [--steps 1000000] [--rounds 5]

The bare loop steps the vector env with ``action_space.sample()``. gym-loop runs ``train_agent``
with ``VectorLoop`` and the batched ``RandomAgent``, logging every episode (TensorBoard, CSV) and
checkpointing. Both count transitions: the step on which Gymnasium resets a finished sub-env is
none. The table gives median steps/s, the median per-round ratio (target >= 0.80) and the ratio
of the best rounds.
"""

import argparse
import statistics
import tempfile
import time

import gymnasium as gym
import numpy as np

from gym_loop.gym_loop import train_agent
from gym_loop.spec import default_spec


def bare_loop(env_id, num_envs, mode, steps, seed):
    """Transitions per second of the bare vector loop, and the episodes it finished."""
    envs = gym.make_vec(env_id, num_envs=num_envs, vectorization_mode=mode)
    envs.reset(seed=seed)
    envs.action_space.seed(seed)
    episodes, last_ended, started = 0, 0, time.perf_counter()
    for _ in range(steps // num_envs):
        _, _, terminated, truncated, _ = envs.step(envs.action_space.sample())
        last_ended = int(np.count_nonzero(terminated | truncated))
        episodes += last_ended
    seconds = time.perf_counter() - started
    envs.close()
    # Each sub-env spends one step on its reset after an episode: no transition, as gym-loop counts.
    transitions = steps // num_envs * num_envs - (episodes - last_ended)
    return transitions / seconds, episodes


def vector_loop(env_id, num_envs, mode, episodes, seed, runs_dir):
    spec = default_spec(loop_str="gym_loop.loops.vector_loop:VectorLoop")
    spec["env"]["name"] = env_id
    spec["loop"]["parameters"].update(max_episodes=episodes, max_episode_len=None, episodes_per_checkpoint=10_000,
                                      num_envs=num_envs, vectorization_mode=mode)
    spec.update(seed=seed, runs_dir=runs_dir)
    started = time.perf_counter()
    summary = train_agent(spec)
    return summary.steps / (time.perf_counter() - started)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--env", default="CartPole-v1")
    parser.add_argument("--num-envs", type=int, default=64)
    parser.add_argument("--mode", default="vector_entry_point")
    parser.add_argument("--steps", type=int, default=1_000_000)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    bare, ours, ratios = [], [], []
    with tempfile.TemporaryDirectory() as runs_dir:
        vector_loop(args.env, args.num_envs, args.mode, 10, 0, runs_dir)  # warm up
        for round_number in range(args.rounds):
            speed, episodes = bare_loop(args.env, args.num_envs, args.mode, args.steps, round_number)
            bare.append(speed)
            ours.append(vector_loop(args.env, args.num_envs, args.mode, episodes, round_number, runs_dir))
            ratios.append(ours[-1] / bare[-1])
    print(f"{args.env}, {args.num_envs} envs ({args.mode}), median of {args.rounds} rounds of ~{args.steps} steps")
    print(f"{'bare steps/s':>14}{'gym-loop':>12}{'ratio':>8}{'best':>8}")
    print(f"{statistics.median(bare):>14.0f}{statistics.median(ours):>12.0f}{statistics.median(ratios):>8.2f}"
          f"{max(ours) / max(bare):>8.2f}")


if __name__ == "__main__":
    main()
