"""gym-loop sweep SWEEP_DIR --add-seeds: more seeds for an existing sweep, through the console script."""

import csv
import json
from pathlib import Path

from conftest import make_spec, run_cli, write_spec

CROSS_ENTROPY = "gym_loop.agents.cross_entropy:CrossEntropyAgent"
GRID = ("--grid", "loop.parameters.max_episodes=[3,4]")


def cartpole(tmp_path: Path) -> Path:
    spec = make_spec("CartPole-v1", CROSS_ENTROPY, max_episodes=3, episodes_per_eval=3, eval_episodes=1,
                     max_episode_len=30)
    return write_spec(tmp_path / "cp.yaml", spec)


def sweep(tmp_path: Path, *args: str):
    result = run_cli("sweep", *args, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    return result


def episodes(folder: Path):
    """A run's episodes.csv without its wall-clock column."""
    with open(folder / "episodes.csv", newline="") as file:
        return [{key: value for key, value in row.items() if key != "seconds"} for row in csv.DictReader(file)]


def run_folders(sweep_dir: Path):
    return sorted(path.relative_to(sweep_dir) for path in sweep_dir.glob("runs/*/seed-*"))


def manifest(sweep_dir: Path) -> dict:
    return json.loads((sweep_dir / "manifest.json").read_text())


def test_added_seeds_give_the_sweep_made_with_every_seed(tmp_path):
    spec = cartpole(tmp_path)
    sweep(tmp_path, "-c", spec, "--seeds", "0-1", *GRID, "--name", "grown")
    sweep(tmp_path, "-c", spec, "--seeds", "0-3", *GRID, "--name", "whole")
    grown, whole = tmp_path / "sweeps" / "grown", tmp_path / "sweeps" / "whole"
    before = {folder: (grown / folder / "run.json").read_text() for folder in run_folders(grown)}

    dry = sweep(tmp_path, "sweeps/grown", "--add-seeds", "2-3", "--dry-run")
    assert [line.split()[2] for line in dry.stdout.splitlines()[2:]] == ["skip", "skip", "start", "start"] * 2
    assert manifest(grown)["seeds"] == [0, 1]  # a dry run changes nothing
    added = sweep(tmp_path, "sweeps/grown", "--add-seeds", "2-3")

    assert "adding seed(s) 2,3 to every config" in added.stderr
    assert run_folders(grown) == run_folders(whole) and len(run_folders(grown)) == 8
    for folder in run_folders(whole):
        assert episodes(grown / folder) == episodes(whole / folder), folder
    assert {folder: (grown / folder / "run.json").read_text() for folder in before} == before  # not run again
    assert (grown / "aggregate.csv").read_text() == (whole / "aggregate.csv").read_text()
    assert (grown / "scores.csv").read_text() == (whole / "scores.csv").read_text()
    aggregate = run_cli("aggregate", "sweeps/grown", "--format", "csv", cwd=tmp_path)
    assert aggregate.stdout == run_cli("aggregate", "sweeps/whole", "--format", "csv", cwd=tmp_path).stdout
    assert [row["n"] for row in csv.DictReader(aggregate.stdout.splitlines())] == ["4", "4"]  # n: every seed
    recorded = manifest(grown)
    assert recorded["seeds"] == [0, 1, 2, 3]
    assert [entry["seeds"] for entry in recorded["added"]] == [[2, 3]]
    assert recorded["added"][0]["command"][-2:] == ["--add-seeds", "2-3"] and recorded["added"][0]["added"]
    assert {key: recorded[key] for key in ("spec", "set", "axes")} == \
        {key: manifest(whole)[key] for key in ("spec", "set", "axes")}


def test_seeds_already_in_the_sweep_are_skipped_and_said(tmp_path):
    spec = cartpole(tmp_path)
    sweep(tmp_path, "-c", spec, "--seeds", "0-1")
    again = sweep(tmp_path, "sweeps/cp", "--add-seeds", "1-2")
    assert "seed(s) 1 already in sweep sweeps/cp: kept as they are" in again.stderr
    assert manifest(tmp_path / "sweeps" / "cp")["seeds"] == [0, 1, 2]
    same = sweep(tmp_path, "sweeps/cp", "--add-seeds", "0-2")  # the same command again: nothing to add
    assert "seed(s) 0-2 already in sweep sweeps/cp" in same.stderr and "adding" not in same.stderr
    assert len(manifest(tmp_path / "sweeps" / "cp")["added"]) == 1
    # The command that made it, with the seeds it has now, continues it (it is the same sweep).
    sweep(tmp_path, "-c", spec, "--seeds", "0-2")


def test_refusals_point_to_add_seeds_and_change_nothing(tmp_path):
    spec = cartpole(tmp_path)
    sweep(tmp_path, "-c", spec, "--seeds", "0-1")
    sweep_dir = tmp_path / "sweeps" / "cp"
    before = (sweep_dir / "manifest.json").read_text()
    cases = {
        ("-c", spec, "--seeds", "0-4"): "--name: sweep sweeps/cp exists with other seeds; continue it with: "
                                        "gym-loop sweep sweeps/cp, add seeds to it with: gym-loop sweep sweeps/cp "
                                        "--add-seeds 2-4, or give a new --name",
        ("-c", spec, "--seeds", "0"): "--name: sweep sweeps/cp exists with other seeds; continue it with: "
                                      "gym-loop sweep sweeps/cp, or give a new --name",
        ("sweeps/cp", "--seeds", "0-4"): "SWEEP_DIR keeps the seeds it has; to run more seeds of every config give "
                                         "--add-seeds, e.g. --add-seeds 5-9 (see gym-loop sweep --help)",
        ("-c", spec, "--add-seeds", "2"): "--add-seeds adds runs to an existing sweep: give its SWEEP_DIR, e.g. "
                                          "gym-loop sweep sweeps/NAME --add-seeds 5-9 (see gym-loop sweep --help)",
        ("sweeps/cp", "--add-seeds", "2", *GRID): "SWEEP_DIR continues a sweep as it was made; leave out --grid, "
                                                  "--zip, --set, --name and --seeds (see gym-loop sweep --help)",
        ("sweeps/cp", "--add-seeds", "two"): "--add-seeds: expected seeds such as 0-9 or 0,3,7, got 'two'",
        ("sweeps/cp", "--add-seeds", "2-10000"): "--add-seeds: 2-10000 would give the sweep more than 10000 seeds "
                                                "(runs per config); add fewer",
    }
    for args, message in cases.items():
        result = run_cli("sweep", *args, cwd=tmp_path)
        assert result.returncode == 2, (args, result.stderr)
        assert result.stderr.strip().splitlines()[-1] == f"Error: {message}", args
    assert (sweep_dir / "manifest.json").read_text() == before
    assert len(run_folders(sweep_dir)) == 2
