"""What ``seed_each_episode`` costs a training episode: ``seeding.episode_seed`` against the ``SeedSequence`` per
episode it replaced (review9-9), side by side in one run, per call; the words are the same
(tests/test_seeding_left13b.py).

    python benchmarks/episode_seed.py [--calls 20000] [--rounds 7]
"""

import argparse
import statistics
import time

import numpy as np

from gym_loop.seeding import EPISODE_STREAMS, episode_seed


def per_sequence(seed: int, episode: int) -> int:
    return int(np.random.SeedSequence(seed, spawn_key=(EPISODE_STREAMS, episode)).generate_state(1)[0])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--calls", type=int, default=20000)
    parser.add_argument("--rounds", type=int, default=7)
    options = parser.parse_args()
    times = {"SeedSequence per episode": [], "episode_seed": []}
    for _ in range(options.rounds):
        for name, function in (("SeedSequence per episode", per_sequence), ("episode_seed", episode_seed)):
            start = time.perf_counter()
            for episode in range(options.calls):
                function(3, episode)
            times[name].append((time.perf_counter() - start) / options.calls * 1e6)
    old, new = (statistics.median(values) for values in times.values())
    print(f"SeedSequence per episode {old:.2f} us, episode_seed {new:.2f} us a call: {old / new:.1f}x")


if __name__ == "__main__":
    main()
