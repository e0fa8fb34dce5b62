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
    figure.draw_without_rendering()  # runs the constrained layout, as saving does
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


def inside(figure, artist) -> bool:
    box, frame = artist.get_window_extent(), figure.bbox
    return frame.x0 <= box.x0 and box.x1 <= frame.x1 and frame.y0 <= box.y0 and box.y1 <= frame.y1


def test_at_one_column_width_the_curves_title_is_wrapped_inside_the_figure():
    from gym_loop.plots.figures import curves_figure

    title = "IQM over runs, 95% bootstrap CI\ndrawn where n ≥ 2 runs (1 for a one-run config) have data"
    figure = curves_figure([curve(f"skill=0.5,fail_p=0.{i}-c3ac5d", [1, 2, 3], [10, 20, 30]) for i in range(3)],
                           "training episodes", "return", title, (3.5, 4))
    figure.draw_without_rendering()  # runs the constrained layout, as saving does
    (axes,) = figure.axes
    assert inside(figure, axes.title)
    assert axes.get_title().replace("\n", " ") == title.replace("\n", " ")  # all of it, on more lines


def test_at_one_column_width_interval_panels_keep_readable_ticks_and_every_label():
    from gym_loop.plots.figures import intervals_figure
    from gym_loop.plots.scores import METRICS, Estimate

    labels = [f"skill={skill},fail_p={p}-c3ac5d" for skill, p in ((0.5, 0.0), (0.5, 0.62), (0.5, 0.7), (1.0, 0.6),
                                                                  (0.6, 0.32), (0.9, 0.0))]
    estimates = [Estimate(label, 4, metric, 100.0 + 60 * i, 80.0 + 60 * i, 130.0 + 60 * i)
                 for i, label in enumerate(labels) for metric in METRICS]
    figure = intervals_figure(estimates, "last evaluation's mean return", (3.5, 3))
    figure.draw_without_rendering()  # runs the constrained layout, as saving does
    suptitle = figure.findobj(lambda artist: hasattr(artist, "get_text") and artist.get_text() == figure.get_suptitle())
    texts = suptitle[:1] + [text for legend in figure.legends for text in legend.get_texts()]
    for axes in figure.axes:
        assert axes.get_window_extent().width / figure.dpi > 0.7  # a panel, not a sliver
        left, right = axes.get_xlim()
        ticks = [label for label, x in zip(axes.get_xticklabels(), axes.get_xticks()) if left <= x <= right]
        assert len(ticks) >= 2
        boxes = [label.get_window_extent() for label in ticks]
        assert all(one.x1 < other.x0 for one, other in zip(boxes, boxes[1:]))  # apart, not "250500"
        texts += [axes.title, axes.xaxis.label, *ticks, *axes.get_yticklabels()]
    assert all(inside(figure, text) for text in texts)
    shown = " ".join(text.get_text() for text in texts)
    assert all(label in shown.replace("\n", "") for label in labels)  # every config named, in the key below
