"""Where gym-loop's time goes on CartPole-v1, layer by layer, per env step: CPU time or instructions.

    python benchmarks/loop_costs.py [--steps 50000] [--rounds 15] [--checkpoints 1000]
    python benchmarks/loop_costs.py --instructions 4000 20000 [--variants bare loop run]

Variants:

* ``bare``: the bare loop of ``loop_speed.py`` (``env.step(env.action_space.sample())``).
* ``loop``: ``DefaultLoop.training_episodes()`` with ``RandomAgent``, driven from Python: the stepping alone.
* ``run``: ``train_agent``, every log on (``loop_speed.py``'s spec), checkpoints every ``--checkpoints``
  episodes, stopped by ``max_steps``.
* ``run -X``: the same with one part replaced by nothing (the TensorBoard sink's ``episodes``, the
  ``episodes.csv`` sink's, the agent's ``metrics``, the checkpoint worker's commit).

Timed, the variants run in turn in this process (their order rotating each round), each in CPU
seconds of the process (every thread, user and system: ``resource.getrusage``) and in wall
seconds; the table gives each variant's median microseconds per step, its median ratio to
``bare`` within a round, and ``run`` minus it per step and per episode. Other processes'
contention for the CPU's caches still moves CPU time (at a load average of 8 on 2 CPUs a part's
cost drowned in it), so with ``--instructions`` each variant runs under valgrind's cachegrind
at two lengths instead, and the difference of instructions over the difference of steps is its
cost per step without start-up (repeatable to about 0.5%; blind to system calls and waiting).
"""

import argparse
import contextlib
import re
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

import gymnasium as gym

import loop_speed
from gym_loop.gym_loop import build_agent, build_env, build_loop, build_policy, train_agent
from gym_loop.run import Run
from gym_loop.run_checkpoints import Checkpoints
from gym_loop.sinks.episodes_csv import EpisodesCsv
from gym_loop.sinks.tensorboard import TensorBoard
from gym_loop.spec import run_spec
from side_by_side import now

ENV = "CartPole-v1"


def timed(play):
    """(steps, CPU seconds, wall seconds, episodes) of ``play()``, which returns (steps, episodes)."""
    started = now()
    steps, episodes = play()
    ended = now()
    return steps, ended.cpu - started.cpu, ended.wall - started.wall, episodes


def bare(steps, seed, runs_dir, checkpoints):
    def play():
        _, episodes = loop_speed.bare_loop(ENV, steps, seed)
        return steps, episodes
    return timed(play)


def loop_only(steps, seed, runs_dir, checkpoints):
    spec = run_spec(loop_speed.gym_loop_spec(ENV, 10**9))
    env = build_env(spec)
    env.reset(seed=seed)
    loop = build_loop(spec, build_agent(spec, build_policy(spec, env), env), None, env)

    def play():
        episodes = 0
        with contextlib.closing(loop.training_episodes()) as played:
            for _ in played:
                episodes += 1
                if loop.global_step >= steps:
                    return loop.global_step, episodes
    try:
        return timed(play)
    finally:
        env.close()


def run(steps, seed, runs_dir, checkpoints):
    spec = loop_speed.gym_loop_spec(ENV, 10**9)
    spec["loop"]["parameters"].update(max_steps=steps, episodes_per_checkpoint=checkpoints)
    spec.update(seed=seed, runs_dir=str(runs_dir))

    def play():
        summary = train_agent(spec)
        return summary.steps, summary.episodes
    return timed(play)


def nothing(*args, **kwargs):
    return {}


WITHOUT = {  # variant: (class, method) replaced by nothing
    "run -tensorboard": (TensorBoard, "episodes"),
    "run -csv": (EpisodesCsv, "episodes"),
    "run -metrics": (Run, "_metrics"),
    "run -commits": (Checkpoints, "_commit"),
}


def without(name):
    owner, method = WITHOUT[name]

    def measure(*args):
        original = owner.__dict__[method]
        setattr(owner, method, staticmethod(nothing) if method != "_metrics" else nothing)
        try:
            return run(*args)
        finally:
            setattr(owner, method, original)
    return measure


VARIANTS = {"bare": bare, "loop": loop_only, "run": run, **{name: without(name) for name in WITHOUT}}


def counted(name, steps, checkpoints):
    """(instructions, steps, episodes) of one variant run for ``steps`` steps under valgrind's cachegrind."""
    command = ["valgrind", "--tool=cachegrind", "--cache-sim=no", "--cachegrind-out-file=/dev/null",
               sys.executable, __file__, "--run", name, str(steps), "--checkpoints", str(checkpoints)]
    done = subprocess.run(command, capture_output=True, text=True, check=True)
    instructions = int(re.search(r"I\s+refs:\s+([\d,]+)", done.stderr).group(1).replace(",", ""))
    steps, episodes = map(int, done.stdout.split()[-2:])
    return instructions, steps, episodes


def instructions(names, lengths, checkpoints):
    """Instructions per step of each variant: the difference between two lengths, so without start-up."""
    print(f"instructions per step ({lengths[0]} and {lengths[1]} steps), checkpoints every {checkpoints} episodes")
    print(f"{'variant':<18}{'per step':>10}{'ratio':>8}{'run - it, per step':>20}{'per episode':>13}")
    per_step, length = {}, 0.0
    for name in names:
        (short, short_steps, short_episodes), (long, long_steps, long_episodes) = (
            counted(name, steps, checkpoints) for steps in lengths)
        per_step[name] = (long - short) / (long_steps - short_steps)
        length = length or (long_steps - short_steps) / (long_episodes - short_episodes)
    for name in names:
        row = f"{name:<18}{per_step[name]:>10.0f}{per_step['bare'] / per_step[name]:>8.3f}"
        if name != "run" and "run" in per_step:
            delta = per_step["run"] - per_step[name]
            row += f"{delta:>20.0f}{delta * length:>13.0f}"
        print(row)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--steps", type=int, default=50_000)
    parser.add_argument("--rounds", type=int, default=15)
    parser.add_argument("--checkpoints", type=int, default=1000, help="episodes_per_checkpoint of the runs")
    parser.add_argument("--variants", nargs="+", default=list(VARIANTS), choices=list(VARIANTS))
    parser.add_argument("--instructions", nargs=2, type=int, metavar=("SHORT", "LONG"),
                        help="count instructions (valgrind) at these two lengths instead of timing")
    parser.add_argument("--run", nargs=2, help=argparse.SUPPRESS)  # variant steps: one variant, under valgrind
    args = parser.parse_args()
    names = args.variants if "bare" in args.variants else ["bare", *args.variants]
    if args.run:
        with tempfile.TemporaryDirectory() as runs_dir:
            steps, _, _, episodes = VARIANTS[args.run[0]](int(args.run[1]), 0, Path(runs_dir), args.checkpoints)
        print(steps, episodes)
        return
    if args.instructions:
        instructions(names, args.instructions, args.checkpoints)
        return
    cpu = {name: [] for name in names}
    wall = {name: [] for name in names}
    episodes = []
    with tempfile.TemporaryDirectory() as runs_dir:
        run(2000, 0, Path(runs_dir), args.checkpoints)  # warm up: imports, first writer
        for round_ in range(args.rounds):
            for name in names[round_ % len(names):] + names[:round_ % len(names)]:
                steps, seconds, elapsed, played = VARIANTS[name](args.steps, round_, Path(runs_dir), args.checkpoints)
                cpu[name].append(seconds / steps * 1e6)
                wall[name].append(elapsed / steps * 1e6)
                if name == "bare":
                    episodes.append(steps / played)
    length = statistics.median(episodes)
    print(f"{gym.__version__=}, {args.rounds} rounds of {args.steps} steps, episodes of {length:.1f} steps, "
          f"checkpoints every {args.checkpoints} episodes")
    print(f"{'variant':<18}{'CPU us/step':>12}{'CPU ratio':>10}{'wall us/step':>13}{'wall ratio':>11}"
          f"{'run - it, us/step':>18}{'us/episode':>11}")
    for name in names:
        ratio = statistics.median(b / o for b, o in zip(cpu["bare"], cpu[name]))
        wall_ratio = statistics.median(b / o for b, o in zip(wall["bare"], wall[name]))
        row = f"{name:<18}{statistics.median(cpu[name]):>12.2f}{ratio:>10.3f}{statistics.median(wall[name]):>13.2f}" \
              f"{wall_ratio:>11.3f}"
        if name != "run" and "run" in cpu:
            delta = statistics.median(r - o for r, o in zip(cpu["run"], cpu[name]))
            row += f"{delta:>18.2f}{delta * length:>11.1f}"
        print(row)


if __name__ == "__main__":
    main()
