"""The default save of a DQN-style replay list: seconds and bytes of one checkpoint (tester4a #14).

    python benchmarks/replay_save.py [--items 100000] [--rounds 2]

An agent's ``buffer``, a list of ``(obs, action, reward, done, next_obs)`` tuples of float32[4]
observations (the CleanRL/tutorial habit), and ``frames``, a list of float32[4] arrays, go through
:func:`gym_loop.state.write_state` and :func:`gym_loop.state.read_state`. The table gives the seconds to
write and to read (best of ``--rounds``), the file's size, and the raw bytes of the arrays for scale.
"""

import argparse
import os
import tempfile

import numpy as np

from gym_loop.state import read_state, write_state
from state_save import best_seconds


class Agent:
    """The live object a state is read into."""


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=100_000)
    parser.add_argument("--rounds", type=int, default=2)
    args = parser.parse_args()
    rng = np.random.default_rng(0)
    observations = rng.random((args.items + 1, 4)).astype(np.float32)
    cases = {
        "tuples": [(observations[i].copy(), i % 2, float(i), i % 100 == 99, observations[i + 1].copy())
                   for i in range(args.items)],
        "arrays": [observations[i].copy() for i in range(args.items)],
    }
    print(f"{args.items} items{'write s':>10}{'read s':>10}{'file MB':>10}{'raw MB':>10}")
    with tempfile.TemporaryDirectory() as folder:
        path = os.path.join(folder, "agent.ckpt")
        for name, items in cases.items():
            write = best_seconds(lambda: write_state(path, {"buffer": items}), args.rounds)
            read = best_seconds(lambda: read_state(path, Agent()), args.rounds)
            raw = sum(value.nbytes for item in items for value in (item if isinstance(item, tuple) else (item,))
                      if isinstance(value, np.ndarray))
            print(f"{name:<12}{write:>10.2f}{read:>10.2f}{os.path.getsize(path) / 1e6:>10.1f}{raw / 1e6:>10.1f}")


if __name__ == "__main__":
    main()
