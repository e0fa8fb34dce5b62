"""Start-up time of the CLI against ``python -c "import click"``, measured side by side.

    python benchmarks/startup.py [--rounds 15]

Each round runs every command once, in turn, as a fresh process; the table gives the median wall
time of each and its ratio to the median of ``import click`` (the target is <= 1.5). Bytecode is
written on the warm-up round, as it is for any installed package, even if PYTHONDONTWRITEBYTECODE
is set here.
"""

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

GYM_LOOP = shutil.which("gym-loop", path=os.path.dirname(sys.executable)) or "gym-loop"
COMMANDS = {
    "import click": [sys.executable, "-c", "import click"],
    "gym-loop --help": [GYM_LOOP, "--help"],
    "gym-loop create-default": [GYM_LOOP, "create-default"],
    "create-default -c FILE": [GYM_LOOP, "create-default", "--force", "--run-config", "default-run.yaml"],  # README's
}


ENV = {name: value for name, value in os.environ.items() if name != "PYTHONDONTWRITEBYTECODE"}


def wall_time(command, cwd):
    started = time.perf_counter()
    subprocess.run(command, cwd=cwd, env=ENV, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
    return time.perf_counter() - started


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=15)
    rounds = parser.parse_args().rounds
    times = {name: [] for name in COMMANDS}
    with tempfile.TemporaryDirectory() as cwd:
        for command in COMMANDS.values():  # warm the file cache
            wall_time(command, cwd)
        for _ in range(rounds):
            for name, command in COMMANDS.items():
                times[name].append(wall_time(command, cwd))
    baseline = statistics.median(times["import click"])
    print(f"start-up, median of {rounds} rounds")
    print(f"{'command':<26}{'seconds':>9}{'ratio':>8}")
    for name, samples in times.items():
        median = statistics.median(samples)
        print(f"{name:<26}{median:>9.3f}{median / baseline:>8.2f}")


if __name__ == "__main__":
    main()
