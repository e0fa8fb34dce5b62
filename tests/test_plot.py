"""gym-loop plot on a tiny sweep: figures of the asked size and format, and numbers checked by hand."""

import csv
import json
import re
import shutil
from pathlib import Path

import numpy as np
import pytest
from conftest import make_spec, run_cli, write_spec

SEEDS = (0, 1, 2, 3, 4, 5)  # 6: stats.min_runs(), the fewest runs with a 95% interval
BINOMIAL_6 = {0: (0, 0), 1: (0, 3), 2: (0, 4), 3: (1, 5), 4: (2, 6), 5: (3, 6), 6: (6, 6)}  # 2.5%, 97.5% quantiles
CONFIGS = {"short": 15, "long": 200}  # config id -> loop.parameters.max_episode_len
LABELS = {"short": "loop.parameters.max_episode_len=15", "long": "loop.parameters.max_episode_len=200"}


@pytest.fixture(scope="module")
def sweep(tmp_path_factory):
    """sweeps/x/runs/<config>/seed-<s>/: RandomAgent on CartPole, 2 configs x 6 seeds, evaluating every 5 episodes."""
    root = tmp_path_factory.mktemp("plot")
    write_spec(root / "spec.yaml", make_spec(max_episodes=20, episodes_per_eval=5, eval_episodes=3,
                                             episodes_per_checkpoint=1000))
    for config, length in CONFIGS.items():
        for seed in SEEDS:
            result = run_cli("-q", "train", "-c", "spec.yaml", "--run-dir", f"sweeps/x/runs/{config}/seed-{seed}",
                             "--seed", seed, "--set", f"loop.parameters.max_episode_len={length}", cwd=root)
            assert result.returncode == 0, result.stderr
    return root


def read_csv(path):
    with Path(path).open(newline="") as file:
        return list(csv.DictReader(file))


def run_folders(sweep, config):
    return [sweep / f"sweeps/x/runs/{config}/seed-{seed}" for seed in SEEDS]


def trailing_mean(values, window):
    """The mean of each value and up to window - 1 values before it, written out plainly."""
    return [sum(values[max(0, i - window + 1):i + 1]) / len(values[max(0, i - window + 1):i + 1])
            for i in range(len(values))]


def independent_iqm(values):
    """Sort, cut a quarter (rounded down) of the values from each end, average the rest."""
    values = sorted(values)
    cut = len(values) // 4
    kept = values[cut:len(values) - cut]
    return sum(kept) / len(kept)


def at(x, xs, ys):
    """A run's value at x by linear interpolation, or None outside its first and last point."""
    if x < xs[0] or x > xs[-1]:
        return None
    return float(np.interp(x, xs, ys))


def png_size(path):
    import matplotlib.image

    height, width = matplotlib.image.imread(str(path)).shape[:2]
    return width, height


def test_training_curves_are_the_mean_of_the_runs_smoothed_returns(sweep, tmp_path):
    result = run_cli("plot", sweep / "sweeps/x", "-o", tmp_path / "curves.png", "--agg", "mean", "--band", "std",
                     "--width", "5", "--height", "3", "--dpi", "100", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert png_size(tmp_path / "curves.png") == (500, 300)
    rows = read_csv(tmp_path / "curves.csv")
    assert list(rows[0]) == ["config", "env_steps", "n", "mean", "low", "high"]
    assert {row["config"] for row in rows} == set(LABELS.values())
    for config, label in LABELS.items():
        runs = []
        for folder in run_folders(sweep, config):
            episodes = read_csv(folder / "episodes.csv")
            runs.append(([float(e["global_step"]) for e in episodes],
                         trailing_mean([float(e["return"]) for e in episodes], 10)))
        mine = [row for row in rows if row["config"] == label]
        for row in mine:
            values = [v for v in (at(float(row["env_steps"]), xs, ys) for xs, ys in runs) if v is not None]
            assert int(row["n"]) == len(values) >= 2
            assert float(row["mean"]) == pytest.approx(np.mean(values))
            assert float(row["high"]) - float(row["mean"]) == pytest.approx(np.std(values))
        second_longest = sorted(xs[-1] for xs, _ in runs)[-2]
        assert float(mine[-1]["env_steps"]) == second_longest  # drawn to where 2 runs still have data
        assert f"{label}: 1 of 6 runs cover its full length" in result.stderr


def test_evaluation_curves_by_episode_are_the_iqm_of_evals_csv(sweep, tmp_path):
    result = run_cli("plot", sweep / "sweeps/x", "-o", tmp_path / "eval.svg", "--y", "eval", "--x", "episodes",
                     "--width", "4", "--height", "3", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    svg = (tmp_path / "eval.svg").read_text()
    assert re.search(r'<svg[^>]* width="288pt" height="216pt"', svg)  # 72 points per inch
    rows = read_csv(tmp_path / "eval.csv")
    for config, label in LABELS.items():
        evals = [read_csv(folder / "evals.csv") for folder in run_folders(sweep, config)]
        expected = {float(row["episode"]): independent_iqm([float(run[i]["mean_return"]) for run in evals])
                    for i, row in enumerate(evals[0])}
        mine = {float(row["episodes"]): row for row in rows if row["config"] == label}
        assert list(mine) == [5.0, 10.0, 15.0, 20.0]
        for episode, row in mine.items():
            assert row["n"] == "6"
            assert float(row["iqm"]) == pytest.approx(expected[episode])
            assert float(row["low"]) <= float(row["iqm"]) <= float(row["high"])


def final_scores(sweep, config):
    return [float(read_csv(folder / "evals.csv")[-1]["mean_return"]) for folder in run_folders(sweep, config)]


def test_interval_estimates_and_table_agree_with_an_independent_iqm(sweep, tmp_path):
    result = run_cli("plot", sweep / "sweeps/x", "--kind", "intervals", "-o", tmp_path / "intervals.pdf", "--table",
                     "--width", "6", "--height", "2.5", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    pdf = (tmp_path / "intervals.pdf").read_bytes()
    assert pdf.startswith(b"%PDF") and re.search(rb"/MediaBox \[ ?0 0 432 180 ?\]", pdf)
    figure = {(row["config"], row["metric"]): row for row in read_csv(tmp_path / "intervals.csv")}
    table = {}
    for line in result.stdout.splitlines()[2:]:
        if line.startswith("| "):
            label, n, *cells = [cell.strip() for cell in line.strip("|").split("|")]
            table[label] = (n, dict(zip(("mean", "median", "iqm"), cells)))
    assert set(table) == set(LABELS.values())
    for config, label in LABELS.items():
        scores = final_scores(sweep, config)
        estimates = {"iqm": independent_iqm(scores), "mean": np.mean(scores), "median": np.median(scores)}
        n, cells = table[label]
        assert n == "6"
        for metric, expected in estimates.items():
            row = figure[(label, metric)]
            assert float(row["value"]) == pytest.approx(expected)
            assert float(row["low"]) <= float(row["value"]) <= float(row["high"])
            assert cells[metric] == f"{float(row['value']):.4g} [{float(row['low']):.4g}, {float(row['high']):.4g}]"
    assert "Score: final-eval; 95% stratified bootstrap CIs, 2000 repetitions, seed 0." in result.stdout


def test_performance_profile_counts_runs_above_each_threshold(sweep, tmp_path):
    result = run_cli("plot", sweep / "sweeps/x", "--kind", "profile", "-o", tmp_path / "profile.png",
                     "--score", "last-100", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert png_size(tmp_path / "profile.png") == (1200, 800)  # 6 x 4 inches at 200 dpi, the defaults
    rows = read_csv(tmp_path / "profile.csv")
    every = {label: [np.mean([float(e["return"]) for e in read_csv(folder / "episodes.csv")][-100:])
                     for folder in run_folders(sweep, config)] for config, label in LABELS.items()}
    flat = [score for scores in every.values() for score in scores]
    for config, label in LABELS.items():
        scores = every[label]
        mine = [row for row in rows if row["config"] == label]
        taus = np.unique(np.concatenate([np.linspace(min(flat), max(flat), 101), scores]))  # 101, and its scores
        assert [float(row["tau"]) for row in mine] == pytest.approx(list(taus), rel=1e-12)
        for row in mine:
            above = sum(score > float(row["tau"]) for score in scores)
            assert float(row["fraction"]) == pytest.approx(above / 6)
            # Drawing 6 runs of which `above` score above tau, the count above is Binomial(6, above / 6): its
            # 2.5% and 97.5% quantiles are the band's ends.
            low, high = BINOMIAL_6[above]
            assert (float(row["low"]), float(row["high"])) == pytest.approx((low / 6, high / 6))


def test_equal_numbers_are_one_config_and_no_config_is_dropped(sweep, tmp_path):
    for seed, (name, value) in enumerate((("int", "3"), ("float", "3.0"), ("other", "3.00001"), ("near", "3.00002"))):
        shutil.copytree(sweep / f"sweeps/x/runs/long/seed-{seed}", tmp_path / "g" / name)  # one run per seed
        spec = tmp_path / "g" / name / "spec.yaml"
        spec.write_text(spec.read_text().replace("eval_episodes: 3", f"eval_episodes: {value}"))
    result = run_cli("plot", "g", "--table", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "4 runs in 3 configs" in result.stderr
    rows = re.findall(r"^\| (loop\.parameters\.eval_episodes=\S+) \| (\d) \|", result.stdout, re.MULTILINE)
    assert sorted(rows) == [("loop.parameters.eval_episodes=3", "2"), ("loop.parameters.eval_episodes=3.00001", "1"),
                            ("loop.parameters.eval_episodes=3.00002", "1")]


def test_runs_of_other_envs_and_agents_are_labelled_by_folder_with_a_warning(sweep, tmp_path):
    shutil.copytree(sweep / "sweeps/x/runs/long/seed-0", tmp_path / "mixed/cartpole")
    other = shutil.copytree(sweep / "sweeps/x/runs/short/seed-0", tmp_path / "mixed/acrobot")
    spec = other / "spec.yaml"
    extra = "".join(f"    extra_{i}: {i}\n" for i in range(5))
    spec.write_text(spec.read_text().replace("name: CartPole-v1", "name: Acrobot-v1")
                    .replace("  parameters:\n", "  parameters:\n" + extra, 1))
    result = run_cli("plot", "mixed", "-o", "mixed.png", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert ("WARNING: the runs are of 2 envs (Acrobot-v1, CartPole-v1): their returns share one axis"
            in result.stderr)
    assert {row["config"] for row in read_csv(tmp_path / "mixed.csv")} == {  # a key a spec lacks is left out
        "acrobot", "env.name=CartPole-v1, loop.parameters.max_episode_len=200"}  # 7 keys: named by its folder
    assert "(absent)" not in result.stderr


def test_final_scores_leave_out_runs_not_finished(sweep, tmp_path):
    shutil.copytree(sweep / "sweeps/x", tmp_path / "x")
    record = tmp_path / "x/runs/long/seed-1/run.json"
    record.write_text(json.dumps({**json.loads(record.read_text()), "status": "running"}))
    result = run_cli("plot", "x", "--table", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert f"| {LABELS['long']} | 5 |" in result.stdout and f"| {LABELS['short']} | 6 |" in result.stdout
    assert f"{LABELS['long']}: 1 of 6 runs are not finished and have no final score" in result.stderr


def test_table_and_intervals_match_the_sweeps_aggregate_csv(tmp_path):
    write_spec(tmp_path / "fl.yaml", make_spec("FrozenLake-v1", "gym_loop.agents.q_learning:QLearningAgent",
                                               max_episodes=12, episodes_per_eval=6, eval_episodes=4))
    swept = run_cli("sweep", "-c", "fl.yaml", "--seeds", "0-5", "--grid", "agent.parameters.learning_rate=[0.1,0.9]",
                    cwd=tmp_path)
    assert swept.returncode == 0, swept.stderr
    result = run_cli("plot", "sweeps/fl", "--kind", "intervals", "-o", "intervals.png", "--table", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    figure = {(row["config"], row["metric"]): row for row in read_csv(tmp_path / "intervals.csv")}
    aggregate = read_csv(tmp_path / "sweeps/fl/aggregate.csv")
    assert {config for config, _ in figure} == {row["config"] for row in aggregate}
    for row in aggregate:
        for metric, low, high in (("iqm", "iqm_low", "iqm_high"), ("mean", "mean_low", "mean_high"),
                                  ("median", None, None)):
            mine = figure[(row["config"], metric)]
            assert mine["n"] == row["n"] and float(mine["value"]) == pytest.approx(float(row[metric]), abs=1e-12)
            if low:
                assert float(mine["low"]) == pytest.approx(float(row[low]), abs=1e-12)
                assert float(mine["high"]) == pytest.approx(float(row[high]), abs=1e-12)
        iqm = f"{float(row['iqm']):.4g} [{float(row['iqm_low']):.4g}, {float(row['iqm_high']):.4g}]"
        assert re.search(rf"^\| {re.escape(row['config'])} \| {row['n']} \|.*\| {re.escape(iqm)} \|$", result.stdout,
                         re.MULTILINE)


def test_a_tune_folder_of_trials_plots_like_a_sweep(sweep, tmp_path):
    trials = tmp_path / "tunes/study/trials"
    for trial, config in enumerate(CONFIGS):
        for seed in SEEDS[:2]:
            shutil.copytree(sweep / f"sweeps/x/runs/{config}/seed-{seed}", trials / f"{trial}/seed-{seed}")
    result = run_cli("plot", "tunes/study", "-o", "trials.png", "--y", "eval", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert {row["config"] for row in read_csv(tmp_path / "trials.csv")} == set(LABELS.values())
    assert {row["n"] for row in read_csv(tmp_path / "trials.csv")} == {"2"}

    (tmp_path / "tunes/study/trials.csv").write_text("number,state,value\n0,COMPLETE,1.0\n1,COMPLETE,2.0\n")
    result = run_cli("plot", "tunes/study", "--kind", "intervals", "-o", "intervals.png", "--table", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert [line.split(" | ")[0] for line in result.stdout.splitlines()[2:4]] == ["| trial 0", "| trial 1"]


def test_one_run_and_a_run_cut_short_are_drawn_with_their_n(sweep, tmp_path):
    run = tmp_path / "runs/one"
    shutil.copytree(sweep / "sweeps/x/runs/long/seed-0", run)
    result = run_cli("plot", run, "-o", "one.png", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    rows = read_csv(tmp_path / "one.csv")
    assert {row["config"] for row in rows} == {"one"} and {row["n"] for row in rows} == {"1"}

    shutil.copytree(sweep / "sweeps/x/runs/short", tmp_path / "short")
    episodes = tmp_path / "short/seed-1/episodes.csv"
    episodes.write_text("".join(episodes.read_text().splitlines(keepends=True)[:4]))  # a run still at episode 3
    result = run_cli("plot", "short", "-o", "short.png", "--x", "episodes", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    n = {float(row["episodes"]): int(row["n"]) for row in read_csv(tmp_path / "short.csv")}
    assert n[1.0] == n[3.0] == 6 and n[4.0] == n[20.0] == 5


@pytest.mark.parametrize("args, message", [
    (["plot", "empty", "-o", "c.png"], "Error: no run folders under empty (a run folder has spec.yaml and run.json"),
    (["plot", "x", "--y", "reward"], "Error: Invalid value for '--y': 'reward' is not one of 'train', 'eval'."),
    (["plot", "x", "-o", "c.jpg"], "Error: Invalid value for '-o' / '--output': c.jpg: the extension must be"),
    (["plot", "x", "--kind", "profile", "--agg", "mean"], "Error: --agg is for --kind curves, not --kind profile"),
    (["plot", "x", "--table", "--band", "std"], "Error: --band is for --kind curves, not --table alone"),
    (["plot", "x", "--y", "eval", "--score", "last-100"],
     "Error: --score is for --kind intervals or profile or --table, not --kind curves"),
    (["plot", "unevaluated", "--y", "eval", "-o", "c.png"],
     "Error: no run has evaluations in evals.csv; set loop.parameters.episodes_per_eval, or plot --y train"),
    (["plot", "unevaluated", "--kind", "intervals", "--score", "final-eval", "-o", "c.png"], "Error: no finished run "
     "has a final-eval score yet; set loop.parameters.episodes_per_eval, or use --score last-100"),
    (["plot", "started", "-o", "c.png"], "Error: no run has training episodes in episodes.csv yet"),
])
def test_errors_are_one_line_and_exit_2(sweep, tmp_path, args, message):
    (tmp_path / "empty").mkdir()
    shutil.copytree(sweep / "sweeps/x", tmp_path / "x")
    for name, empty in (("unevaluated", "evals.csv"), ("started", "episodes.csv")):
        shutil.copytree(sweep / "sweeps/x/runs/short", tmp_path / name)
        for table in (tmp_path / name).glob(f"*/{empty}"):
            table.write_text(table.read_text().splitlines()[0] + "\n")  # the header alone
    result = run_cli(*args, cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr.splitlines()[-1].startswith(message)
    assert "Traceback" not in result.stderr
    assert not list(tmp_path.glob("c.*"))


def test_without_matplotlib_a_figure_is_exit_2_with_the_install_hint_and_the_table_still_works(sweep, tmp_path):
    (tmp_path / "block").mkdir()
    (tmp_path / "block/sitecustomize.py").write_text("import sys\nsys.modules['matplotlib'] = None\n")
    import os

    env = {"PYTHONPATH": os.pathsep.join([str(tmp_path / "block"), os.environ.get("PYTHONPATH", "")])}
    result = run_cli("plot", sweep / "sweeps/x", "-o", "c.png", cwd=tmp_path, env=env)
    assert result.returncode == 2
    assert result.stderr.splitlines()[-1].startswith("Error: gym-loop plot needs matplotlib: ")
    assert " -m pip install " in result.stderr  # tests/test_install_fix9e.py
    assert "Traceback" not in result.stderr and not (tmp_path / "c.png").exists()
    result = run_cli("plot", sweep / "sweeps/x", "--table", cwd=tmp_path, env=env)
    assert result.returncode == 0, result.stderr
    assert "| config | n |" in result.stdout


def test_an_existing_figure_or_its_csv_is_refused_unless_forced(sweep, tmp_path):
    (tmp_path / "results.csv").write_text("my own numbers\n")
    refused = run_cli("plot", sweep / "sweeps/x", "-o", "results.png", cwd=tmp_path)
    assert refused.returncode == 2
    assert refused.stderr.splitlines()[-1] == (
        "Error: Invalid value for '-o' / '--output': results.csv exists (the numbers of results.png would replace it);"
        " give -o another name, or pass --force to overwrite it (see gym-loop plot --help)")
    assert (tmp_path / "results.csv").read_text() == "my own numbers\n" and not (tmp_path / "results.png").exists()
    assert run_cli("plot", sweep / "sweeps/x", "-o", "figure.svg", cwd=tmp_path).returncode == 0
    (tmp_path / "figure.csv").unlink()
    figure = (tmp_path / "figure.svg").read_bytes()
    again = run_cli("plot", sweep / "sweeps/x", "-o", "figure.svg", "--agg", "mean", cwd=tmp_path)
    assert again.returncode == 2 and "figure.svg exists; give -o another name, or pass --force" in again.stderr
    assert (tmp_path / "figure.svg").read_bytes() == figure and not (tmp_path / "figure.csv").exists()
    forced = run_cli("plot", sweep / "sweeps/x", "-o", "results.png", "--force", cwd=tmp_path)
    assert forced.returncode == 0, forced.stderr
    assert read_csv(tmp_path / "results.csv")[0]["config"] in LABELS.values()


def test_without_o_a_figure_drawn_again_takes_the_next_free_name_and_force_replaces_kind_png(sweep, tmp_path):
    (tmp_path / "curves-2.csv").write_text("my own numbers\n")
    for written in ("curves.png", "curves-3.png"):  # curves-2.png is not taken, but its .csv is
        result = run_cli("plot", sweep / "sweeps/x", "--dpi", 20, cwd=tmp_path)
        assert result.returncode == 0, result.stderr
        assert f"wrote {written} and {written[:-4]}.csv" in result.stderr
    assert (tmp_path / "curves-2.csv").read_text() == "my own numbers\n" and not (tmp_path / "curves-2.png").exists()
    first = (tmp_path / "curves.png").stat().st_mtime_ns
    forced = run_cli("plot", sweep / "sweeps/x", "--dpi", 20, "--force", cwd=tmp_path)
    assert forced.returncode == 0 and "wrote curves.png and curves.csv" in forced.stderr
    assert (tmp_path / "curves.png").stat().st_mtime_ns > first and not (tmp_path / "curves-4.png").exists()
