"""VectorLoop against a bare ``gym.make_vec`` loop with the same env count, measured side by side.

    python benchmarks/vector_speed.py [--num-envs 64] [--mode vector_entry_point] [--steps 1000000] [--rounds 5]

The bare loop steps the vector env with ``action_space.sample()``. gym-loop runs ``train_agent``
with ``VectorLoop`` and the batched ``RandomAgent``, logging every episode (TensorBoard, CSV) and
checkpointing. Both count transitions: the step on which Gymnasium resets a finished sub-env is
none. The table gives median steps/s, the median per-round ratio (target >= 0.80; each round's
bare speed is the mean of the bare runs before and after it, see ``side_by_side.py``), the
ratio of the best runs and the median per-round ratio in CPU time (``CPU``), which a busy machine
disturbs far less.
"""

import argparse
import tempfile

import gymnasium as gym
import numpy as np

from gym_loop.spec import default_spec
from side_by_side import HEADER, Times, now, side_by_side, train_speed


def bare_loop(env_id, num_envs, mode, steps, seed):
    """Transitions per second of the bare vector loop, and the episodes it finished."""
    envs = gym.make_vec(env_id, num_envs=num_envs, vectorization_mode=mode)
    envs.reset(seed=seed)
    envs.action_space.seed(seed)
    episodes, last_ended, started = 0, 0, now()
    for _ in range(steps // num_envs):
        _, _, terminated, truncated, _ = envs.step(envs.action_space.sample())
        last_ended = int(np.count_nonzero(terminated | truncated))
        episodes += last_ended
    ended = now()
    envs.close()
    # Each sub-env spends one step on its reset after an episode: no transition, as gym-loop counts.
    transitions = steps // num_envs * num_envs - (episodes - last_ended)
    return Times(transitions / (ended.wall - started.wall), transitions / (ended.cpu - started.cpu)), episodes


def vector_spec(env_id, num_envs, mode, episodes):
    """The spec of the gym-loop side: ``VectorLoop`` with the batched ``RandomAgent``, checkpoints rare."""
    spec = default_spec(loop_str="gym_loop.loops.vector_loop:VectorLoop")
    spec["env"]["name"] = env_id
    spec["loop"]["parameters"].update(max_episodes=episodes, max_episode_len=None, episodes_per_checkpoint=10_000,
                                      num_envs=num_envs, vectorization_mode=mode)
    return spec


def vector_loop(env_id, num_envs, mode, episodes, seed, runs_dir):
    return train_speed(vector_spec(env_id, num_envs, mode, episodes), seed, runs_dir)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--env", default="CartPole-v1")
    parser.add_argument("--num-envs", type=int, default=64)
    parser.add_argument("--mode", default="vector_entry_point")
    parser.add_argument("--steps", type=int, default=1_000_000)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as runs_dir:
        vector_loop(args.env, args.num_envs, args.mode, 10, 0, runs_dir)  # warm up
        rounds = side_by_side(lambda seed: bare_loop(args.env, args.num_envs, args.mode, args.steps, seed),
                              lambda episodes, seed: vector_loop(args.env, args.num_envs, args.mode, episodes, seed,
                                                                 runs_dir), args.rounds)
    print(f"{args.env}, {args.num_envs} envs ({args.mode}), steps/s, median of {args.rounds} rounds "
          f"of ~{args.steps} steps")
    print(HEADER)
    print(rounds.row())


if __name__ == "__main__":
    main()
