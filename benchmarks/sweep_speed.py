"""Sweep speed, measured side by side in one run; ratios printed, nothing asserted.

    python benchmarks/sweep_speed.py [--episodes 4000] [--tiny-runs 1000] [--skip-ray]

1. Parallelism: 4 CPU-bound runs (Q-learning on FrozenLake, ``--episodes`` each) with ``--jobs 2``
   against ``--jobs 1`` (target on 2 cores: <= 0.60).
2. Ray: 8 such runs with ``--backend ray`` (Ray's start-up included) against the local backend,
   both ``--jobs 2`` (target: <= 1.25), and whether every run's episodes.csv is the same.
3. Scale: ``--tiny-runs`` runs of 2 episodes each, driven in this process: the driver's own CPU
   time (bookkeeping, state writes) as a fraction of the sweep's wall time, and the time spent
   writing ``state.json``.
"""

import argparse
import csv
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

GYM_LOOP = shutil.which("gym-loop", path=os.path.dirname(sys.executable)) or "gym-loop"
Q_LEARNING = "gym_loop.agents.q_learning:QLearningAgent"


def write_spec(folder: Path, episodes: int) -> Path:
    from gym_loop.spec import default_spec

    spec = default_spec(Q_LEARNING)
    spec["env"]["name"] = "FrozenLake-v1"
    spec["loop"]["parameters"].update(max_episodes=episodes, episodes_per_checkpoint=max(episodes // 4, 1),
                                      eval_episodes=2)
    path = folder / f"lake-{episodes}.yaml"
    path.write_text(yaml.safe_dump(spec))
    return path


def sweep_seconds(folder: Path, spec: Path, name: str, *args: str) -> float:
    started = time.perf_counter()
    subprocess.run([GYM_LOOP, "-q", "sweep", "-c", str(spec), "--name", name, *args], cwd=folder, check=True,
                   stdout=subprocess.DEVNULL, env={**os.environ, "OMP_NUM_THREADS": "1"})
    return time.perf_counter() - started


def episodes(folder: Path):
    runs = sorted(folder.glob("runs/*/seed-*"))
    return [[tuple(row[c] for c in ("episode", "global_step", "return", "length"))
             for row in csv.DictReader(open(run / "episodes.csv"))] for run in runs]


def parallelism(folder: Path, spec: Path) -> None:
    one = sweep_seconds(folder, spec, "jobs1", "--seeds", "0-3", "--jobs", "1")
    two = sweep_seconds(folder, spec, "jobs2", "--seeds", "0-3", "--jobs", "2")
    print(f"4 runs, --jobs 1: {one:.1f} s; --jobs 2: {two:.1f} s; ratio {two / one:.2f} (target <= 0.60)")


def ray_against_local(folder: Path, spec: Path) -> None:
    local = sweep_seconds(folder, spec, "local8", "--seeds", "0-7", "--jobs", "2")
    on_ray = sweep_seconds(folder, spec, "ray8", "--seeds", "0-7", "--jobs", "2", "--backend", "ray")
    same = episodes(folder / "sweeps" / "local8") == episodes(folder / "sweeps" / "ray8")
    print(f"8 runs, local: {local:.1f} s; ray (start-up included): {on_ray:.1f} s; ratio {on_ray / local:.2f} "
          f"(target <= 1.25); identical episodes.csv: {same}")


def tiny_runs(folder: Path, count: int) -> None:
    from gym_loop.sweeps import state
    from gym_loop.sweeps.launch import LocalBackend
    from gym_loop.sweeps.sweep import Request, decide, execute, plan

    spent = {"state": 0.0, "writes": 0}
    save = state.SweepFolder.save_state

    def timed_save(self, entries):
        started = time.perf_counter()
        save(self, entries)
        spent["state"] += time.perf_counter() - started
        spent["writes"] += 1

    state.SweepFolder.save_state = timed_save
    spec = write_spec(folder, 2)
    os.chdir(folder)
    the_plan = plan(Request(spec=spec, name="tiny", sweeps_dir=folder / "sweeps", seeds=f"0-{count - 1}"))
    decide(the_plan, retry_failed=False)
    wall, cpu = time.perf_counter(), time.process_time()
    outcome = execute(the_plan, LocalBackend(), parallel=2)
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    finished = len(outcome.statuses) - len(outcome.unfinished)
    print(f"{count} tiny runs ({finished} finished) in {wall:.0f} s ({wall / count * 1000:.0f} ms a run, --jobs 2); "
          f"driver CPU {cpu:.1f} s = {cpu / wall:.1%} of the wall time; {spent['writes']} state.json writes "
          f"took {spent['state']:.1f} s = {spent['state'] / wall:.1%}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--episodes", type=int, default=4000, help="episodes of each CPU-bound run")
    parser.add_argument("--tiny-runs", type=int, default=1000)
    parser.add_argument("--skip-ray", action="store_true")
    options = parser.parse_args()
    os.environ.setdefault("OMP_NUM_THREADS", "1")
    with tempfile.TemporaryDirectory() as directory:
        folder = Path(directory)
        spec = write_spec(folder, options.episodes)
        parallelism(folder, spec)
        if not options.skip_ray:
            ray_against_local(folder, spec)
        tiny_runs(folder, options.tiny_runs)


if __name__ == "__main__":
    main()
