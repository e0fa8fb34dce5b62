"""What ``gym-loop tune`` buys on slippery FrozenLake, and what parallel workers and pruning save.

    python benchmarks/tune_quality.py [--trials 20] [--episodes 400] [--out DIR] [--jobs-only | --rounds N]

1. A study of ``--trials`` trials x 2 tuning seeds (0, 1) with ``QLearningAgent`` over learning
   rate, discount and epsilon decay, median pruner, ``--jobs 2``.
2. Fresh-seed re-evaluation (seeds 100-109, as the closing message suggests): the best
   parameters against the built-in defaults, each run's final evaluation, mean with a 95%
   bootstrap interval.
3. The same study with ``--jobs 1``: wall time ratio jobs 2 / jobs 1, beside the ratio of two plain
   ``gym-loop train`` runs side by side over one after the other (what the machine allows).
   ``--rounds N`` measures only this, as N pairs of studies run in turn (jobs 1 then 2, then 2 then
   1, ...) so that both see the same load; measured on the shared 2-core machine: 0.64 idle;
   0.54, 0.60, 0.58, 0.67 at a load average of 4.4 to 5.8 (before tune workers had sessions of
   their own: 1.11, 1.18, 1.19 at 3.3 to 4.9). See docs/tuning.rst.
4. The same study with ``--pruner none``: total env steps ratio pruned / unpruned.

Every study runs the installed ``gym-loop`` console script, as a user would.
"""

import argparse
import csv
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import numpy as np
import yaml

from gym_loop.spec import default_spec

GYM_LOOP = [sys.executable, "-m", "gym_loop"]
SPACE = {
    "agent.parameters.learning_rate": {"float": [0.01, 1.0], "log": True},
    "agent.parameters.discount": {"categorical": [0.9, 0.95, 0.99, 0.999]},
    "agent.parameters.epsilon_decay_steps": {"int": [1000, 100000], "log": True},
}
FRESH_SEEDS = range(100, 110)


def base_spec(episodes: int) -> dict:
    """Slippery 4x4 FrozenLake, the agent's built-in defaults, an evaluation of 200 greedy episodes every 100."""
    spec = default_spec("gym_loop.agents.q_learning:QLearningAgent")
    spec["env"]["name"] = "FrozenLake-v1"
    spec["loop"]["parameters"].update({"max_episodes": episodes, "episodes_per_eval": 100, "eval_episodes": 200,
                                       "episodes_per_checkpoint": episodes, "max_episode_len": 100})
    return spec


def tune(folder: Path, name: str, trials: int, *options: str) -> float:
    """Run a study; its wall seconds."""
    return timed_tune(folder, name, trials, *options)[0]


def timed_tune(folder: Path, name: str, trials: int, *options: str) -> tuple:
    """Run a study; its wall seconds and the CPU seconds (user + system) of all its processes."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    subprocess.run([*GYM_LOOP, "-q", "tune", "-c", str(folder / "base.yaml"), "--space", str(folder / "space.yaml"),
                    "--trials", str(trials), "--name", name, "--tunes-dir", str(folder / "tunes"), *options],
                   check=True, cwd=folder)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime


def env_steps(tune_folder: Path) -> int:
    """Training env steps of every run of a study: the last global_step of each episodes.csv."""
    total = 0
    for path in tune_folder.glob("trials/*/seed-*/episodes.csv"):
        with path.open(newline="") as stream:
            rows = list(csv.DictReader(stream))
        total += int(rows[-1]["global_step"]) if rows else 0
    return total


def states(tune_folder: Path) -> dict:
    with (tune_folder / "trials.csv").open(newline="") as stream:
        rows = list(csv.DictReader(stream))
    counts = {}
    for row in rows:
        counts[row["state"]] = counts.get(row["state"], 0) + 1
    return counts


def final_return(spec_path: Path, seed: int, run_dir: Path) -> float:
    """Train ``spec_path`` on ``seed``; the mean return of its final periodic evaluation."""
    subprocess.run([*GYM_LOOP, "-q", "train", "-c", str(spec_path), "--seed", str(seed), "--run-dir", str(run_dir)],
                   check=True)
    with (run_dir / "evals.csv").open(newline="") as stream:
        return float(list(csv.DictReader(stream))[-1]["mean_return"])


def fresh_scores(spec_path: Path, runs: Path) -> np.ndarray:
    with ThreadPoolExecutor(2) as pool:
        return np.array(list(pool.map(lambda seed: final_return(spec_path, seed, runs / f"seed-{seed}"), FRESH_SEEDS)))


def side_by_side(folder: Path) -> float:
    """Wall time of two runs of the base spec at once over the same two one after the other.

    Each run has a session of its own, as sweep runs and tune workers do (under Linux's autogroup
    scheduler, processes of one session share one slice of a busy machine).
    """
    def train(seed: int, where: str) -> subprocess.Popen:
        return subprocess.Popen([*GYM_LOOP, "-q", "train", "-c", str(folder / "base.yaml"), "--seed", str(seed),
                                 "--run-dir", str(folder / where / f"seed-{seed}")], start_new_session=True)

    started = time.perf_counter()
    for seed in (0, 1):
        train(seed, "serial").wait()
    serial = time.perf_counter() - started
    started = time.perf_counter()
    for run in [train(seed, "parallel") for seed in (0, 1)]:
        run.wait()
    return (time.perf_counter() - started) / serial


def bootstrap_ci(scores: np.ndarray, reps: int = 2000, seed: int = 0) -> tuple:
    """95% percentile bootstrap interval of the mean (gym_loop.stats' when the sweep branch has landed)."""
    try:
        from gym_loop.stats import bootstrap_ci as shared

        low, high = shared(scores, np.mean, reps=reps, seed=seed)
        return float(low), float(high)
    except ImportError:
        rng = np.random.default_rng(seed)
        means = scores[rng.integers(len(scores), size=(reps, len(scores)))].mean(axis=1)
        return tuple(float(v) for v in np.percentile(means, [2.5, 97.5]))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--trials", type=int, default=20)
    parser.add_argument("--episodes", type=int, default=400)
    parser.add_argument("--out", type=Path, help="keep the studies here (default: a temporary folder)")
    parser.add_argument("--jobs-only", action="store_true", help="only the --jobs 2 / --jobs 1 comparison")
    parser.add_argument("--rounds", type=int, default=0,
                        help="only the jobs comparison, as this many pairs of studies run in turn (jobs 1 then 2, "
                             "then 2 then 1, ...), each pair's ratio with the load average beside it")
    args = parser.parse_args()
    os.environ.setdefault("OMP_NUM_THREADS", "1")
    folder = args.out or Path(tempfile.mkdtemp(prefix="tune-quality-"))
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "base.yaml").write_text(yaml.safe_dump(base_spec(args.episodes)))
    (folder / "space.yaml").write_text(yaml.safe_dump(SPACE))
    if args.rounds:
        alternate_jobs(folder, args.trials, args.rounds)
        if args.out is None:
            shutil.rmtree(folder)
        return

    wall_2 = tune(folder, "jobs2", args.trials, "--jobs", "2")
    study = folder / "tunes" / "jobs2"
    print(f"study: {args.trials} trials x 2 seeds, --jobs 2, median pruner: {wall_2:.0f} s, {states(study)}")
    print((study / "best.yaml").read_text().split("env:")[0].strip())
    if not args.jobs_only:
        fresh_comparison(folder, study)
    compare_jobs(folder, study, args.trials, wall_2)
    if not args.jobs_only:
        tune(folder, "unpruned", args.trials, "--jobs", "2", "--pruner", "none")
        pruned, unpruned = env_steps(study), env_steps(folder / "tunes" / "unpruned")
        print(f"total training env steps, median pruner / none: {pruned} / {unpruned} = {pruned / unpruned:.2f}")
    if args.out is None:
        shutil.rmtree(folder)


def fresh_comparison(folder: Path, study: Path) -> None:
    """Best parameters and built-in defaults on seeds 100-109: mean final evaluation and 95% interval."""
    for label, spec_path in (("best", study / "best.yaml"), ("defaults", folder / "base.yaml")):
        scores = fresh_scores(spec_path, folder / "fresh" / label)
        low, high = bootstrap_ci(scores)
        print(f"fresh seeds 100-109, {label}: mean final evaluation return {scores.mean():.3f} "
              f"[95% CI {low:.3f}, {high:.3f}]  scores {np.round(scores, 3).tolist()}")


def compare_jobs(folder: Path, study: Path, trials: int, wall_2: float) -> None:
    """The same study with --jobs 1: wall time ratio, beside two plain runs side by side."""
    wall_1 = tune(folder, "jobs1", trials, "--jobs", "1")
    steps_2, steps_1 = env_steps(study), env_steps(folder / "tunes" / "jobs1")
    print(f"wall time --jobs 2 / --jobs 1: {wall_2:.0f} s / {wall_1:.0f} s = {wall_2 / wall_1:.2f} "
          f"(env steps {steps_2} / {steps_1}; load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs)")
    print(f"for reference, two plain gym-loop train runs side by side / one after the other: "
          f"{side_by_side(folder):.2f}")


def alternate_jobs(folder: Path, trials: int, rounds: int) -> None:
    """Pairs of studies, --jobs 1 and --jobs 2 in alternating order: each pair's wall time ratio and load."""
    ratios = []
    for number in range(rounds):
        walls, cpus, steps = {}, {}, {}
        for jobs in ((1, 2) if number % 2 == 0 else (2, 1)):
            name = f"round{number}-jobs{jobs}"
            load = os.getloadavg()[0]
            walls[jobs], cpus[jobs] = timed_tune(folder, name, trials, "--jobs", str(jobs))
            steps[jobs] = env_steps(folder / "tunes" / name)
            print(f"round {number} --jobs {jobs}: {walls[jobs]:.1f} s wall, {cpus[jobs]:.1f} s CPU, "
                  f"{steps[jobs]} env steps, {states(folder / 'tunes' / name)}, load average before {load:.2f}",
                  flush=True)
        ratios.append(walls[2] / walls[1])
        print(f"round {number}: wall time --jobs 2 / --jobs 1 = {ratios[-1]:.2f} "
              f"(load average now {os.getloadavg()[0]:.2f} on {os.cpu_count()} CPUs)", flush=True)
    print(f"wall time --jobs 2 / --jobs 1 over {rounds} rounds: median {np.median(ratios):.2f}, "
          f"each {', '.join(f'{ratio:.2f}' for ratio in ratios)}")


if __name__ == "__main__":
    main()
