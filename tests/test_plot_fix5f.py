"""Defects of plot found by new users (tester5b), through the console script on a tiny sweep."""

import csv
import shutil
from pathlib import Path

import numpy as np
import pytest
from conftest import make_spec, run_cli, write_spec


@pytest.fixture(scope="module")
def sweep(tmp_path_factory):
    """sweeps/cp: RandomAgent on CartPole, 2 configs x 2 seeds, evaluating every 2 of 4 episodes."""
    root = tmp_path_factory.mktemp("plot5f")
    write_spec(root / "cp.yaml", make_spec(max_episodes=4, episodes_per_eval=2, eval_episodes=2,
                                           episodes_per_checkpoint=1000))
    result = run_cli("-q", "sweep", "-c", "cp.yaml", "--seeds", "0-1", "--jobs", "2",
                     "--grid", "loop.parameters.max_episode_len=[20,50]", cwd=root)
    assert result.returncode == 0, result.stderr
    return root


def csv_rows(path: Path):
    with path.open(newline="") as file:
        return list(csv.DictReader(file))


def test_a_profile_of_tied_scores_is_a_step_at_the_score(sweep, tmp_path):
    copy = tmp_path / "cp"
    shutil.copytree(sweep / "sweeps/cp", copy, ignore=shutil.ignore_patterns("lock"))
    for evals in copy.glob("runs/*/seed-*/evals.csv"):  # every run solved: its last evaluation is 500
        header, *rows = evals.read_text().splitlines()
        last = rows[-1].split(",")
        last[2] = "500.0"
        evals.write_text("\n".join([header, *rows[:-1], ",".join(last)]) + "\n")
    result = run_cli("plot", copy, "--kind", "profile", "-o", tmp_path / "p.png", "--dpi", "50", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "every run scored 500: the profile is one step, from 1 to 0 at that score" in result.stderr
    rows = csv_rows(tmp_path / "p.csv")
    assert len(rows) == 2 * 101
    for row in rows:  # every run above each tau below 500, none from 500 on
        assert float(row["fraction"]) == (1.0 if float(row["tau"]) < 500 else 0.0)
    taus = sorted({float(row["tau"]) for row in rows})
    assert taus[0] == 450 and taus[-1] == 550 and 500 in taus


def curve(label: str, xs, values) -> "Curve":  # noqa: F821
    from gym_loop.plots.curves import Curve

    xs, values = np.array(xs, dtype=float), np.array(values, dtype=float)
    return Curve(label, 2, 2, xs, np.full(len(xs), 2), values, values - 5, values + 5)


def test_curves_against_episodes_have_ticks_at_whole_episodes():
    from gym_loop.plots.figures import curves_figure

    figure = curves_figure([curve("trial 0", [2, 4, 6], [30, 40, 50])], "training episodes", "return", "t", (6, 4))
    figure.canvas.draw()
    (axes,) = figure.axes
    left, right = axes.get_xlim()
    ticks = [tick for tick in axes.get_xticks() if left <= tick <= right]
    assert len(ticks) >= 3 and all(float(tick).is_integer() for tick in ticks)  # not 2.5, 3.5...


def test_the_table_lists_the_folders_in_the_order_given(sweep, tmp_path):
    for name in ("zz", "aa"):
        shutil.copytree(sweep / "sweeps/cp", tmp_path / name, ignore=shutil.ignore_patterns("lock"))
    result = run_cli("plot", "zz", "aa", "--table", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    rows = [line.split(" | ")[0].lstrip("| ") for line in result.stdout.splitlines() if line.startswith("| ")]
    assert [row.partition("/")[0] for row in rows[1:]] == ["zz", "zz", "aa", "aa"]  # a sweep's configs in its order
    assert rows[1].startswith("zz/max_episode_len=20") and rows[3].startswith("aa/max_episode_len=20")
