"""Defects of the RL statistics found by tester8d: curves of solved runs, intervals from too few runs, a seed
counted twice, a run without run.json, profile steps, last-100 of solved runs, the table's digits."""

import csv
import json
from pathlib import Path
from typing import Dict, List, Optional, Sequence, Tuple

import numpy as np
import pytest
from conftest import make_spec, run_cli, write_spec

SOLVED = "solved after {}: evaluation mean return 480.00 >= 475.0"


def fake_run(folder: Path, seed: int, evals: Sequence[Tuple[int, float]], reason: str = "",
             status: str = "finished", spec: Optional[Dict] = None) -> Path:
    """A run folder as train leaves it: spec.yaml, run.json, evals.csv, and one training episode of 10 steps
    (return = the evaluation's) per episode up to the last evaluation."""
    folder.mkdir(parents=True)
    write_spec(folder / "spec.yaml", {**(spec or make_spec(episodes_per_eval=20, max_episodes=60)), "seed": seed})
    (folder / "run.json").write_text(json.dumps({"seed": seed, "status": status, "reason": reason}))
    with (folder / "evals.csv").open("w") as file:
        file.write("episode,global_step,mean_return,std_return,min_return,max_return,mean_length\n")
        file.writelines(f"{e},{e * 10},{r},0,{r},{r},10\n" for e, r in evals)
    returns = dict(evals)
    with (folder / "episodes.csv").open("w") as file:
        file.write("episode,global_step,return,length,seconds\n")
        last = 0.0
        for episode in range(max(e for e, _ in evals)):
            last = returns.get(episode + 1, last)
            file.write(f"{episode},{(episode + 1) * 10},{last},10,0.1\n")
    return folder


def rows(path: Path) -> List[Dict[str, str]]:
    with path.open(newline="") as file:
        return list(csv.DictReader(file))


def test_a_run_solved_on_its_threshold_is_held_at_its_last_value_to_the_configs_end(tmp_path):
    """tester8d-3: a run that met reward_threshold stopped at its best; the curve no longer falls when it leaves."""
    runs = tmp_path / "runs"
    fake_run(runs / "a", 0, [(20, 480.0)], SOLVED.format("20 episodes"))
    fake_run(runs / "b", 1, [(20, 100.0), (40, 200.0), (60, 300.0)], "")
    fake_run(runs / "c", 2, [(20, 50.0)], "interrupted by Ctrl-C", status="interrupted")  # not carried
    result = run_cli("plot", "runs", "--y", "eval", "--x", "episodes", "--agg", "mean", "--band", "none",
                     "-o", "c.png", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    by_x = {row["episodes"]: row for row in rows(tmp_path / "c.csv")}
    assert (by_x["20"]["n"], float(by_x["20"]["mean"])) == ("3", pytest.approx((480 + 100 + 50) / 3))
    assert (by_x["40"]["n"], float(by_x["40"]["mean"])) == ("2", pytest.approx((480 + 200) / 2))
    assert (by_x["60"]["n"], float(by_x["60"]["mean"])) == ("2", pytest.approx((480 + 300) / 2))
    assert "1 of 3 runs met reward_threshold before the end and are held at their last value" in result.stderr
    # the training curve too: the solved run's smoothed return is held to episode 60
    train = run_cli("plot", "runs", "--x", "episodes", "--smooth", "1", "--band", "none", "-o", "t.png",
                    cwd=tmp_path)
    assert train.returncode == 0, train.stderr
    last = [row for row in rows(tmp_path / "t.csv") if row["episodes"] == "60"]
    assert last[0]["n"] == "2" and float(last[0]["iqm"]) == pytest.approx((480 + 300) / 2)


def test_no_interval_anywhere_from_fewer_than_six_runs(tmp_path):
    """tester8d-1, -2, -5: a '95% CI' of 2..5 runs (or 1: zero width in curves and profiles) is never written."""
    write_spec(tmp_path / "cp.yaml", make_spec(max_episodes=4, episodes_per_eval=2, eval_episodes=2,
                                               episodes_per_checkpoint=1000))
    swept = run_cli("sweep", "-c", "cp.yaml", "--seeds", "0-1", "--jobs", "2",
                    "--grid", "loop.parameters.max_episode_len=[5,60]", cwd=tmp_path)
    assert swept.returncode == 0, swept.stderr
    warning = ("2 scored runs: no interval (a bootstrap interval lies between the lowest and highest of the 2 scores, "
               "which all fall on one side of the median 50% of the time: a 95% interval needs 6 runs); with fewer "
               "than 4 the IQM is the mean; run more seeds")
    ids = [row["config"] for row in rows(tmp_path / "sweeps/cp/aggregate.csv")]
    assert f"WARNING: {ids[0]}, {ids[1]}: {warning}" in swept.stderr.splitlines()  # one line for both configs
    assert "wide" not in swept.stderr
    for row in rows(tmp_path / "sweeps/cp/aggregate.csv"):
        assert [row[k] for k in ("iqm_low", "iqm_high", "mean_low", "mean_high")] == ["", "", "", ""]
    vs = run_cli("aggregate", "sweeps/cp", "--vs", ids[0], "--format", "csv", cwd=tmp_path)
    assert vs.returncode == 0, vs.stderr
    for row in csv.DictReader(vs.stdout.splitlines()):
        assert row["p_improvement"] != "" and (row["p_improvement_low"], row["p_improvement_high"]) == ("", "")
    table = run_cli("plot", "sweeps/cp", "--table", cwd=tmp_path)
    assert "| 2 | " in table.stdout and "[no interval: 2 runs]" in table.stdout and "[0." not in table.stdout
    assert "2 runs: no interval (a bootstrap interval lies" in table.stderr
    for kind in ("intervals", "profile", "curves"):
        drawn = run_cli("plot", "sweeps/cp", "--kind", kind, "-o", f"{kind}.png", cwd=tmp_path)
        assert drawn.returncode == 0, drawn.stderr
        assert {(row["low"], row["high"]) for row in rows(tmp_path / f"{kind}.csv")} == {("", "")}
    assert "no band at" in drawn.stderr and "where fewer than 6 runs have data" in drawn.stderr
    one = run_cli("plot", f"sweeps/cp/runs/{ids[0]}/seed-0", "--kind", "profile", "-o", "one.png", cwd=tmp_path)
    assert one.returncode == 0 and {(r["low"], r["high"]) for r in rows(tmp_path / "one.csv")} == {("", "")}
    assert "1 run: no interval (a bootstrap of one score is that score)" in one.stderr


def test_runs_of_one_spec_and_one_seed_count_once(tmp_path):
    """tester8d-4: seed 1 trained three times is one run, not three independent ones."""
    runs = tmp_path / "runs"
    for name, seed, score in (("a", 0, 0.1), ("b", 1, 0.12), ("c", 1, 0.12), ("d", 1, 0.12), ("e", 2, 0.09)):
        fake_run(runs / name, seed, [(20, score), (40, score), (60, score)])
    table = run_cli("plot", "runs", "--table", cwd=tmp_path)
    assert table.returncode == 0, table.stderr
    assert "| runs | 3 | 0.1033 [no interval: 3 runs] |" in table.stdout
    warning = (f"WARNING: runs: runs {runs / 'b'}, {runs / 'c'}, {runs / 'd'} have seed 1 and the same spec: one run "
               f"trained more than once (restarted, or copied), counted once ({runs / 'b'}, the furthest along); move the "
               "others away, or "
               "give a new run another --seed")
    assert warning in table.stderr.splitlines()
    curves = run_cli("plot", "runs", "--y", "eval", "--x", "episodes", "-o", "c.png", cwd=tmp_path)
    assert {row["n"] for row in rows(tmp_path / "c.csv")} == {"3"}


def test_the_table_shows_small_scores_to_four_significant_digits(tmp_path):
    """tester8d-9: returns of a thousandth printed as 0.000 [0.000, 0.000]."""
    runs = tmp_path / "runs"
    for seed, score in enumerate((0.00031, 0.00012, 0.00045, 0.0002, 0.00038, 0.00029)):
        fake_run(runs / f"r{seed}", seed, [(20, score), (40, score), (60, score)])
    table = run_cli("plot", "runs", "--table", cwd=tmp_path)
    assert table.returncode == 0, table.stderr
    row = next(line for line in table.stdout.splitlines() if line.startswith("| runs |"))
    assert row.startswith("| runs | 6 | 0.0002917 [0.0002") and "0.000 " not in row


def test_the_profile_steps_at_the_scores_themselves(tmp_path):
    """tester8d-7: sampled on 101 even thresholds only, a drop at score s was drawn at the next threshold."""
    from gym_loop.plots.scores import Scores, performance_profiles, profile_taus

    values = np.array([0.02, 0.14, 0.145, 0.3, 0.4, 0.47])
    other = Scores("b", np.array([0.0, 1.0, 0.5, 0.605, 0.7, 0.8]))
    grid = profile_taus([Scores("a", values), other])
    [profile, _] = performance_profiles([Scores("a", values), other], grid, 1000, 0)
    taus = profile["taus"]  # the grid, and its own scores
    assert set(values) <= set(taus) and len(taus) == len(set(grid) | set(values)) and 0.605 not in set(taus)
    fraction = dict(zip(taus, profile["fraction"]))
    assert fraction[0.14] == pytest.approx(4 / 6) and fraction[0.145] == pytest.approx(3 / 6)  # > tau: drops at s
    below = taus[taus < 0.14].max()
    assert fraction[below] == pytest.approx(5 / 6)


def test_last_100_of_runs_solved_before_100_episodes_is_warned_of(tmp_path):
    """tester8d-8: a run solved at episode 20 is scored last-100 by its whole run, random start included."""
    runs = tmp_path / "runs"
    fake_run(runs / "a", 0, [(20, 480.0)], SOLVED.format("20 episodes"))
    fake_run(runs / "b", 1, [(20, 100.0), (40, 200.0), (60, 300.0)])
    table = run_cli("plot", "runs", "--table", "--score", "last-100", cwd=tmp_path)
    assert table.returncode == 0, table.stderr
    assert (f"WARNING: 1 run(s) met their reward_threshold before 100 training episodes (e.g. {runs / 'a'}: 20 "
            "episodes), so their last-100 score is the mean of their whole run, learning included: the sooner a run "
            "solved, the lower it scores; score them by their last evaluation (--score final-eval)"
            in table.stderr.splitlines())
    assert "reward_threshold before" not in run_cli("plot", "runs", "--table", cwd=tmp_path).stderr


def test_a_run_folder_that_lost_its_run_json_is_named_not_dropped_silently(tmp_path):
    """tester8d-6: plot and runs ls left out a run folder without run.json and said nothing."""
    runs = tmp_path / "runs"
    for seed in range(3):
        fake_run(runs / f"r{seed}", seed, [(20, 0.1 * seed), (40, 0.1 * seed), (60, 0.1 * seed)])
    (runs / "r1" / "run.json").unlink()
    warning = ("WARNING: 1 folder(s) have a run's spec.yaml and episodes.csv but no run.json, so they are not read as "
               f"runs and are left out: {runs / 'r1'}; restore each one's run.json from a copy of the run")
    table = run_cli("plot", "runs", "--table", cwd=tmp_path)
    assert table.returncode == 0 and warning in table.stderr.splitlines()
    assert "| runs | 2 |" in table.stdout
    listed = run_cli("runs", "ls", "runs", cwd=tmp_path)
    assert listed.returncode == 0 and warning.replace(str(runs), "runs") in listed.stderr.splitlines()
