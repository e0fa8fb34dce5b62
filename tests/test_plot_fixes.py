"""Defects of plot and aggregate found by new users (tester4b), through the console script on a tiny sweep."""

import csv
import json
import re
import shutil
from pathlib import Path

import numpy as np
import pytest
from conftest import make_spec, run_cli, write_spec

CONFIGS = ("max_episode_len=20", "max_episode_len=50")


@pytest.fixture(scope="module")
def sweep(tmp_path_factory):
    """sweeps/cp: RandomAgent on CartPole, 2 configs x 4 seeds, evaluating every 2 of 4 episodes."""
    root = tmp_path_factory.mktemp("plotfix")
    write_spec(root / "cp.yaml", make_spec(max_episodes=4, episodes_per_eval=2, eval_episodes=2,
                                           episodes_per_checkpoint=1000))
    result = run_cli("-q", "sweep", "-c", "cp.yaml", "--seeds", "0-3", "--jobs", "2",
                     "--grid", "loop.parameters.max_episode_len=[20,50]", cwd=root)
    assert result.returncode == 0, result.stderr
    return root


def copy_sweep(sweep: Path, tmp_path: Path) -> Path:
    shutil.copytree(sweep / "sweeps/cp", tmp_path / "cp", ignore=shutil.ignore_patterns("lock"))
    shutil.copy(sweep / "cp.yaml", tmp_path / "cp.yaml")
    return tmp_path / "cp"


def config_folder(copy: Path, prefix: str) -> Path:
    return next(copy.glob(f"runs/{prefix}-*"))


def csv_rows(text: str):
    return list(csv.DictReader(text.splitlines()))


def markdown_rows(text: str):
    """``--table``'s rows as {config: [n, mean, median, iqm]} (the estimates without their intervals)."""
    rows = {}
    for line in text.splitlines()[2:]:
        if line.startswith("|"):
            cells = [cell.strip() for cell in line.strip("|").split("|")]
            rows[cells[0]] = [int(cells[1])] + [float(cell.split(" [")[0]) for cell in cells[2:]]
    return rows


def set_last_eval(run: Path, value: str) -> None:
    evals = run / "evals.csv"
    header, *rows = evals.read_text().splitlines()
    last = rows[-1].split(",")
    last[2] = value
    evals.write_text("\n".join([header, *rows[:-1], ",".join(last)]) + "\n")


def test_plot_reads_a_sweeps_runs_as_aggregate_does_not_a_copy_nor_configs_csv(sweep, tmp_path):
    copy = copy_sweep(sweep, tmp_path)
    first = config_folder(copy, CONFIGS[0])
    shutil.copytree(first / "seed-1", first / "seed-1.bak")  # a backup before a risky train --resume
    set_last_eval(first / "seed-1.bak", "1000")  # counted, it would change every statistic
    (copy / "configs.csv").write_text("garbage\n")
    aggregate = run_cli("aggregate", "cp", "--format", "csv", cwd=tmp_path)
    assert aggregate.returncode == 0, aggregate.stderr
    expected = {row["config"]: [int(row["n"]), *(float(row[key]) for key in ("mean", "median", "iqm"))]
                for row in csv_rows(aggregate.stdout)}
    assert [values[0] for values in expected.values()] == [4, 4]
    table = run_cli("plot", "cp", "--table", cwd=tmp_path)
    assert table.returncode == 0, table.stderr
    shown = markdown_rows(table.stdout)
    assert list(shown) == list(expected)  # labelled by the manifest's config ids, not by the garbage table
    for config, values in expected.items():
        assert shown[config] == [values[0], *(pytest.approx(v, rel=1e-3, abs=1e-12) for v in values[1:])]
    assert ("WARNING: 1 run folder(s) inside a sweep are not runs of its plan (copies?) and are left out, as "
            f"gym-loop aggregate leaves them out: {first.resolve() / 'seed-1.bak'}") in table.stderr
    warning = "configs.csv does not list the sweep's configs (it was edited or damaged): its configs are taken"
    assert warning in table.stderr and f"WARNING: {Path('cp/configs.csv')} {warning[12:]}" in aggregate.stderr
    curves = run_cli("plot", "cp", "-o", "c.png", "--y", "eval", "--x", "episodes", cwd=tmp_path)
    assert curves.returncode == 0, curves.stderr
    assert {row["n"] for row in csv_rows((tmp_path / "c.csv").read_text())} == {"4"}


@pytest.mark.parametrize("value", ["nan", "inf", "-inf"])
def test_a_non_finite_score_leaves_its_run_out_with_one_line(sweep, tmp_path, value):
    copy = copy_sweep(sweep, tmp_path)
    run = config_folder(copy, CONFIGS[0]) / "seed-0"
    set_last_eval(run, value)
    warning = (f"WARNING: {Path('cp') / run.relative_to(copy) / 'evals.csv'}: its last mean_return is '{value}', "
               "not a finite number; that run is left out of the statistics: restore the file from a copy")
    result = run_cli("aggregate", "cp", "--format", "json", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert warning in result.stderr
    assert "RuntimeWarning" not in result.stderr and "Traceback" not in result.stderr

    def refuse(constant):
        raise ValueError(f"not JSON: {constant}")

    rows = json.loads(result.stdout, parse_constant=refuse)
    assert [row["n"] for row in rows] == [3, 4]
    table = run_cli("plot", "cp", "--table", cwd=tmp_path)
    assert table.returncode == 0, table.stderr
    assert f"WARNING: {run.resolve() / 'evals.csv'}: its last mean_return is '{value}'" in table.stderr
    assert [values[0] for values in markdown_rows(table.stdout).values()] == [3, 4]
    assert not re.search(r"\bnan\b|\binf\b", table.stdout)


def test_a_damaged_training_return_leaves_its_run_out_of_last_100(sweep, tmp_path):
    copy = copy_sweep(sweep, tmp_path)
    episodes = config_folder(copy, CONFIGS[1]) / "seed-2" / "episodes.csv"
    header, *rows = episodes.read_text().splitlines()
    rows[0] = ",".join(["0", rows[0].split(",")[1], "abc", *rows[0].split(",")[3:]])
    episodes.write_text("\n".join([header, *rows]) + "\n")
    result = run_cli("aggregate", "cp", "--score", "last-100", "--format", "csv", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert (f"WARNING: {Path('cp') / episodes.relative_to(copy)}: 1 of its last 4 returns is not a finite number; "
            "that run is left out of the statistics: restore the file from a copy") in result.stderr
    assert [row["n"] for row in csv_rows(result.stdout)] == ["4", "3"]


def test_aggregate_csv_and_json_have_the_columns_of_aggregate_csv(sweep, tmp_path):
    copy = copy_sweep(sweep, tmp_path)
    written = (copy / "aggregate.csv").read_text()
    printed = run_cli("aggregate", "cp", "--format", "csv", cwd=tmp_path)
    assert printed.returncode == 0, printed.stderr
    assert printed.stdout == written
    assert written.splitlines()[0].startswith("config,loop.parameters.max_episode_len,n,mean,")
    as_json = run_cli("aggregate", "cp", "--format", "json", "--score", "last-100", cwd=tmp_path)
    assert as_json.returncode == 0, as_json.stderr
    rows = json.loads(as_json.stdout)
    assert [row["loop.parameters.max_episode_len"] for row in rows] == [20, 50]
    assert list(rows[0]) == [*written.splitlines()[0].split(",")]


@pytest.mark.parametrize("command", [["aggregate", "cp"], ["plot", "cp", "--table"]])
def test_too_few_bootstrap_repetitions_are_refused_with_the_minimum(sweep, tmp_path, command):
    copy_sweep(sweep, tmp_path)
    result = run_cli(*command, "--reps", "999", cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr.splitlines()[-1] == (
        "Error: Invalid value for '--reps': 999 repetitions give intervals whose ends move with the bootstrap seed; "
        f"give at least 1000 (the default is 2000; rliable's is 50000) (see gym-loop {command[0]} --help)")
    assert result.stdout == ""
    assert run_cli(*command, "--reps", "1000", cwd=tmp_path).returncode == 0


@pytest.fixture(scope="module")
def once(tmp_path_factory):
    """sweeps/once: 2 configs x 2 seeds that evaluate once, at their end (episode 4), each at its own env step."""
    root = tmp_path_factory.mktemp("once")
    write_spec(root / "once.yaml", make_spec(max_episodes=4, episodes_per_eval=4, eval_episodes=2,
                                             episodes_per_checkpoint=1000))
    result = run_cli("-q", "sweep", "-c", "once.yaml", "--seeds", "0-1", "--jobs", "2",
                     "--grid", "loop.parameters.max_episode_len=[20,50]", cwd=root)
    assert result.returncode == 0, result.stderr
    return root


def test_curves_of_one_point_are_drawn_as_markers_with_their_interval(once, tmp_path):
    import matplotlib.image

    result = run_cli("plot", once / "sweeps/once", "--y", "eval", "--x", "episodes", "-o", tmp_path / "e.png",
                     "--dpi", "60", "--band", "std", cwd=tmp_path)  # std: 2 runs have no 95% interval
    assert result.returncode == 0, result.stderr
    rows = csv_rows((tmp_path / "e.csv").read_text())
    assert [(float(row["episodes"]), row["n"]) for row in rows] == [(4, "2"), (4, "2")]
    # Each config's colour (C0 blue, C1 orange) is on the figure beyond its legend entry: the marker and its bar.
    pixels = (matplotlib.image.imread(str(tmp_path / "e.png"))[..., :3] * 255).round()
    for rgb in ((31, 119, 180), (255, 127, 14)):
        assert (abs(pixels - rgb).sum(axis=-1) < 30).sum() > 60


def test_figures_with_single_points_show_them(tmp_path):
    from gym_loop.plots.curves import Curve
    from gym_loop.plots.figures import curves_figure

    def curve(label, value):
        return Curve(label, 3, 3, np.array([10.0]), np.array([3]), np.array([value]), np.array([value - 5]),
                     np.array([value + 5]))

    figure = curves_figure([curve("a", 50.0), curve("b", 80.0)], "episodes", "return", "t", (6, 4))
    (axes,) = figure.axes
    markers = [line for line in axes.get_lines() if line.get_marker() in ("o", "s")]  # not the error bars' caps
    assert [(list(line.get_xdata()), list(line.get_ydata())) for line in markers] == [([10.0], [50.0]),
                                                                                     ([10.0], [80.0])]
    assert {line.get_linestyle() for line in markers} == {"None"}
    caps = [line for line in axes.get_lines() if line.get_marker() == "_"]
    assert sorted(y for line in caps for y in line.get_ydata()) == [45.0, 55.0, 75.0, 85.0]


@pytest.mark.parametrize("options, hint", [
    ((), "each run's points lie at its own env steps, and the runs' stretches do not overlap (one evaluation "
         "per run?): plot against --x episodes, where they line up, or give --min-runs 1"),
    (("--x", "episodes", "--min-runs", "3"), "--min-runs 3 asks for more runs than 2: give a lower one")])
def test_a_figure_with_nothing_to_draw_is_refused_with_how_to_draw_it(once, tmp_path, options, hint):
    result = run_cli("plot", once / "sweeps/once", "--y", "eval", *options, "-o", tmp_path / "e.png", cwd=tmp_path)
    assert result.returncode == 2
    needed = 3 if options else 2
    assert result.stderr.splitlines()[-1] == (
        f"Error: nothing to draw: no config has a point with data from {needed} of its runs; {hint}")
    assert not list(tmp_path.iterdir())


def test_the_profile_legend_is_below_the_axes_not_over_the_curves():
    from gym_loop.plots.figures import profile_figure

    taus = np.linspace(0, 500, 101)
    profiles = [{"label": f"skill={skill}", "n": 7, "taus": taus, "fraction": (taus < 500 * skill).astype(float),
                 "low": np.zeros(101), "high": np.ones(101)} for skill in (0.2, 0.6, 0.9)]
    figure = profile_figure(profiles, "return", (6, 4))
    (axes,) = figure.axes
    assert axes.get_legend() is None
    [legend] = figure.legends
    figure.canvas.draw()
    assert legend.get_window_extent().y1 < axes.get_window_extent().y0  # wholly below the axes


def test_interval_bars_keep_a_margin_from_the_axis_line():
    from gym_loop.plots.figures import intervals_figure
    from gym_loop.plots.scores import METRICS, Estimate

    bars = {"trial 4": (18.3, 17.2, 19.4), "trial 1": (490.0, 480.0, 500.0)}
    estimates = [Estimate(label, 2, metric, *values) for label, values in bars.items() for metric in METRICS]
    figure = intervals_figure(estimates, "return", (6, 4))
    for axes in figure.axes:
        left, right = axes.get_xlim()
        assert left < 17.2 - 10 and right > 500 + 10  # neither end bar on the spine


def test_plot_leaves_out_a_copied_run_or_trial_inside_a_tune_folder(sweep, tmp_path):
    """A tune's runs are trials/<n>/seed-<s> of its tuning seeds (tune.json): a copy beside them is no run of it."""
    tune = tmp_path / "tunes" / "cp"
    for number, prefix in enumerate(CONFIGS):
        for seed in (0, 1):
            shutil.copytree(config_folder(sweep / "sweeps/cp", prefix) / f"seed-{seed}",
                            tune / "trials" / str(number) / f"seed-{seed}")
    (tune / "tune.json").write_text(json.dumps({"seeds": [0, 1], "storage": "journal.log", "study": "cp"}))
    (tune / "trials.csv").write_text("number,state,value\n0,COMPLETE,1.0\n1,COMPLETE,2.0\n")
    before = markdown_rows(run_cli("plot", tune, "--table", cwd=tmp_path).stdout)
    shutil.copytree(tune / "trials/0/seed-1", tune / "trials/0/seed-1.bak")  # a backup before a risky resume
    set_last_eval(tune / "trials/0/seed-1.bak", "1000")
    shutil.copytree(tune / "trials/1", tune / "trials/1.bak")
    table = run_cli("plot", tune, "--table", cwd=tmp_path)
    assert table.returncode == 0, table.stderr
    assert markdown_rows(table.stdout) == before and [row[0] for row in before.values()] == [2, 2]
    strays = [tune.resolve() / "trials/0/seed-1.bak", tune.resolve() / "trials/1.bak/seed-0",
              tune.resolve() / "trials/1.bak/seed-1"]
    assert ("WARNING: 3 run folder(s) inside a tune are not runs of its trials (trials/<n>/seed-<s> of its tuning "
            f"seeds; copies?) and are left out: {', '.join(map(str, strays))}") in table.stderr
    curves = run_cli("plot", tune, "-o", "c.png", "--y", "eval", "--x", "episodes", cwd=tmp_path)
    assert curves.returncode == 0, curves.stderr
    assert {(row["config"], row["n"]) for row in csv_rows((tmp_path / "c.csv").read_text())} == {
        ("trial 0", "2"), ("trial 1", "2")}


def test_the_curves_csv_writes_episodes_and_env_steps_as_whole_numbers(tmp_path):
    """300 episodes: more x values than the 200 grid points, so the grid is spaced evenly between them too."""
    write_spec(tmp_path / "long.yaml", make_spec(max_episodes=300, max_episode_len=20, episodes_per_checkpoint=1000))
    assert run_cli("-q", "train", "-c", "long.yaml", cwd=tmp_path).returncode == 0
    for x, column in (("episodes", "episodes"), ("steps", "env_steps")):
        result = run_cli("plot", "runs", "--x", x, "-o", tmp_path / f"{x}.png", "--dpi", "30", cwd=tmp_path)
        assert result.returncode == 0, result.stderr
        cells = [row[column] for row in csv_rows((tmp_path / f"{x}.csv").read_text())]
        assert len(cells) == 200 and all(re.fullmatch(r"\d+", cell) for cell in cells), cells[:5]
    episodes = csv_rows(next(tmp_path.glob("runs/*/episodes.csv")).read_text())
    assert cells[-1] == episodes[-1]["global_step"]  # the run's last point, as episodes.csv writes it
