"""The default save of a replay buffer: a deque of namedtuples against the same values as plain tuples.

    python benchmarks/state_save.py [--items 50000] [--rounds 3]

An agent's ``deque`` of ``Transition`` namedtuples goes through :func:`gym_loop.state.write_state` and
:func:`gym_loop.state.read_state` (into a live agent, so the namedtuples come back as their class). The
table gives the seconds to write and to read, best of ``--rounds``, and their ratio to plain tuples:
what keeping the class costs (its lookup is made once per save and per load, not once per item).
"""

import argparse
import collections
import os
import tempfile
import time

from gym_loop.state import read_state, write_state

Transition = collections.namedtuple("Transition", "state action reward next_state done")  # at module level


class Agent:
    """The live object a state is read into."""

    memory: collections.deque = collections.deque()


def best_seconds(function, rounds):
    times = []
    for _ in range(rounds):
        started = time.perf_counter()
        function()
        times.append(time.perf_counter() - started)
    return min(times)


def measure(items, path, rounds):
    """(write, read) seconds of a state holding the deque ``items``."""
    write = best_seconds(lambda: write_state(path, {"memory": items}), rounds)
    read = best_seconds(lambda: read_state(path, Agent()), rounds)
    assert type(read_state(path, Agent())["memory"][0]) is type(items[0])
    return write, read


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=50_000)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    values = [(step % 64, step % 4, 0.5 * step, (step + 1) % 64, step % 100 == 99) for step in range(args.items)]
    with tempfile.TemporaryDirectory() as folder:
        path = os.path.join(folder, "agent.ckpt")
        plain = measure(collections.deque(values, maxlen=args.items), path, args.rounds)
        named = measure(collections.deque((Transition(*value) for value in values), maxlen=args.items), path,
                        args.rounds)
    print(f"{args.items} items{'write s':>12}{'read s':>10}")
    print(f"{'tuples':<14}{plain[0]:>10.3f}{plain[1]:>10.3f}")
    print(f"{'namedtuples':<14}{named[0]:>10.3f}{named[1]:>10.3f}")
    print(f"{'ratio':<14}{named[0] / plain[0]:>10.2f}{named[1] / plain[1]:>10.2f}")


if __name__ == "__main__":
    main()
