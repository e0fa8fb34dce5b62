"""Instructions per env step of gym-loop and of the loop it is compared with, counted by valgrind.

    python benchmarks/instructions.py [--cases cartpole vector ...] [--steps 20000 100000]

The wall-clock benchmarks (``loop_speed.py``, ``vector_speed.py``, ``qlearning_speed.py``) give
the ratios the targets are stated in, but on a shared machine successive runs of one script
differ by about 0.1. Instructions do not drift: each side runs under ``valgrind --tool=cachegrind``
at two lengths, and the difference of the instructions over the difference of the transitions is
its cost per transition without start-up. The ratio is the compared loop's cost over gym-loop's
(1.0: gym-loop adds nothing; the sides are the same as in the wall-clock benchmarks, gym-loop
run by ``max_steps`` here). Instructions are not time: code that misses the CPU's caches more
costs more per instruction, so the wall-clock ratios can be lower. Needs valgrind; a case takes
a few minutes.
"""

import argparse
import math
import re
import subprocess
import sys
import tempfile

import loop_speed
import qlearning_speed
import vector_speed
from gym_loop import run
from gym_loop.gym_loop import train_agent

NUM_ENVS = 64


def train_steps(spec, steps):
    """Transitions of ``train_agent`` on ``spec``, stopped by ``max_steps``.

    Under valgrind a run is 50-200 times slower than natively (more on a loaded machine), so
    ``HAND_SECONDS`` would hand VectorLoop's episodes on before ``num_envs`` of them wait, which
    never happens natively (64 CartPole episodes take ~1 ms there): each early hand adds a
    TensorBoard point and a ``metrics`` call, and the count would depend on the load. Here batches
    are those of a native run.
    """
    run.HAND_SECONDS = math.inf
    spec["loop"]["parameters"].update(max_episodes=10**9, max_steps=steps)
    with tempfile.TemporaryDirectory() as runs_dir:
        spec.update(seed=0, runs_dir=runs_dir)
        return train_agent(spec).steps


def cartpole_bare(steps):
    loop_speed.bare_loop("CartPole-v1", steps, 0)
    return steps


def qlearning_hand_written(steps):
    qlearning_speed.hand_written(steps, 0)
    return steps


def vector_bare(steps):
    _, episodes = vector_speed.bare_loop("CartPole-v1", NUM_ENVS, "vector_entry_point", steps, 0)
    return steps // NUM_ENVS * NUM_ENVS - episodes  # each ended episode's reset step is no transition (within 64)


CASES = {  # name: (what gym-loop is compared with, that loop, gym-loop's spec)
    "cartpole": ("bare loop", cartpole_bare, lambda: loop_speed.gym_loop_spec("CartPole-v1", 0)),
    "cartpole-default": ("bare loop", cartpole_bare,
                         lambda: loop_speed.gym_loop_spec("CartPole-v1", 0, default_checkpoints=True)),
    "frozenlake-qlearning": ("hand-written", qlearning_hand_written, lambda: qlearning_speed.gym_loop_spec(0)),
    "vector": ("bare make_vec", vector_bare,
               lambda: vector_speed.vector_spec("CartPole-v1", NUM_ENVS, "vector_entry_point", 0)),
}


def counted(case, side, steps):
    """(instructions, transitions) of one side of a case run for about ``steps`` steps under cachegrind."""
    command = ["valgrind", "--tool=cachegrind", "--cache-sim=no", "--cachegrind-out-file=/dev/null",
               sys.executable, __file__, "--run", case, side, str(steps)]
    done = subprocess.run(command, capture_output=True, text=True, check=True)
    instructions = int(re.search(r"I\s+refs:\s+([\d,]+)", done.stderr).group(1).replace(",", ""))
    return instructions, int(done.stdout.split()[-1])


def per_transition(case, side, lengths):
    (short, short_steps), (long, long_steps) = (counted(case, side, steps) for steps in lengths)
    return (long - short) / (long_steps - short_steps)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", nargs="+", default=list(CASES), choices=list(CASES))
    parser.add_argument("--steps", nargs=2, type=int, default=[20_000, 100_000], help="the two lengths")
    parser.add_argument("--run", nargs=3, help=argparse.SUPPRESS)  # case side steps: one side, under valgrind
    args = parser.parse_args()
    if args.run:
        case, side, steps = args.run
        _, compared, spec = CASES[case]
        print(compared(int(steps)) if side == "compared" else train_steps(spec(), int(steps)))
        return
    print(f"instructions per transition; ratio = compared / gym-loop ({args.steps[0]} and {args.steps[1]} steps)")
    print(f"{'case':<22}{'compared with':<16}{'compared':>10}{'gym-loop':>10}{'ratio':>8}")
    for case in args.cases:
        compared = per_transition(case, "compared", args.steps)
        ours = per_transition(case, "gym-loop", args.steps)
        print(f"{case:<22}{CASES[case][0]:<16}{compared:>10.0f}{ours:>10.0f}{compared / ours:>8.3f}")


if __name__ == "__main__":
    main()
