"""``gym-loop plot``: the click command. Imports only click at module level (the CLI starts fast)."""

import logging
from pathlib import Path
from typing import Any, Dict, List, Optional, Sequence

import click

from gym_loop.cli_paths import FiniteRange, UserPath
from gym_loop.errors import echo_out
from gym_loop.help_text import examples
from gym_loop.plots.options import reps_option

logger = logging.getLogger(__name__)

FORMATS = (".png", ".svg", ".pdf")
# Options that mean something for some kinds only; giving one for another kind is a usage error.
KIND_OPTIONS = {"y": {"curves"}, "x": {"curves"}, "agg": {"curves"}, "band": {"curves"}, "smooth": {"curves"},
                "min_runs": {"curves"}, "score": {"intervals", "profile"}}
FIGURE_OPTIONS = ("kind", "width", "height", "dpi", "force")  # options of the figure alone: not for --table alone
Y_LABELS = {"train": "training return", "eval": "evaluation mean return"}
X_LABELS = {"steps": "env steps", "episodes": "training episodes"}
AGG_NAMES = {"iqm": "IQM", "mean": "mean", "median": "median"}
BAND_NAMES = {"ci": "95% bootstrap CI", "std": "± std over runs", "none": "no band"}
# The most pixels a PNG may have: matplotlib draws it in memory (4 bytes a pixel, ~200 MB here) before it is
# written, and a larger one ends in MemoryError (a slip such as --dpi 20000 for 200). A print at 600 dpi of a
# 6 x 4 inch figure is 8.6 million.
MAX_PIXELS = 50_000_000
MAX_INCHES = 200  # the largest --width and --height: a PDF page's largest side (14,400 points)
INCHES = {"give": f"give inches, 1 to {MAX_INCHES}", "min": 1, "max": MAX_INCHES}  # --width's and --height's type


@click.command("plot", help="""
    Plot run folders: PATH is a run folder, a sweep, a tune folder or any folder above run folders.

    Runs whose specs differ only in the seed are one config (in a sweep: its config ids). Learning
    curves show one line per config, aggregated over its runs, with the number of runs n; interval
    estimates and performance profiles (Agarwal et al. 2021) compare the runs' final scores.
    """, epilog=examples(
    "gym-loop plot sweeps/lake -o curves.png",
    "gym-loop plot sweeps/lake --kind intervals --table -o intervals.svg",
    "gym-loop plot runs/a runs/b --y eval --x episodes -o evals.png"))
@click.argument("paths", nargs=-1, required=True, type=UserPath(exists=True, file_okay=False, path_type=Path))
@click.option("-o", "--output", type=UserPath(dir_okay=False, path_type=Path),
              help="Figure file: .png, .svg or .pdf; its numbers go beside it as .csv. Neither may exist "
                   "(see --force). [default: KIND.png, or KIND-2.png... if taken; with --table: no figure]")
@click.option("--kind", type=click.Choice(["curves", "intervals", "profile"]), default="curves", show_default=True,
              help="Learning curves; or, of the runs' final scores, interval estimates or the performance profile.")
@click.option("--y", "y", type=click.Choice(["train", "eval"]), default="train", show_default=True,
              help="Curves of training returns (smoothed) or of periodic evaluations' mean returns.")
@click.option("--x", "x", type=click.Choice(["steps", "episodes"]), default="steps", show_default=True,
              help="Curves against env steps or training episodes done.")
@click.option("--agg", type=click.Choice(["iqm", "mean", "median"]), default="iqm", show_default=True,
              help="Aggregate over a config's runs at each point of its curve.")
@click.option("--band", type=click.Choice(["ci", "std", "none"]), default="ci", show_default=True,
              help="Band around a curve: bootstrap 95% CI of the aggregate (where 6 or more runs have data), +- the "
                   "runs' std, or none.")
@click.option("--smooth", type=click.IntRange(min=1), metavar="N",
              help="Each run's curve is the moving mean of its last N points. [default: 10 for train, 1 for eval]")
@click.option("--min-runs", type=click.IntRange(min=1), metavar="N",
              help="Draw a curve only where N of its runs have data. [default: 2, or 1 for a one-run config]")
@click.option("--score", type=click.Choice(["final-eval", "last-100"]),
              help="A run's final score: its last evaluation's mean return, or the mean of its last 100 "
                   "training returns. [default: final-eval if every run evaluates periodically]")
@click.option("--table", is_flag=True, help="Print the final scores' aggregate table (markdown).")
@reps_option
@click.option("--bootstrap-seed", type=click.IntRange(min=0), default=0, show_default=True,
              help="Seed of the bootstrap (--band ci, --kind intervals or profile, --table), so the intervals "
                   "reproduce.")
@click.option("--width", type=FiniteRange(**INCHES), default=6.0, show_default=True, help="Figure width, inches.")
@click.option("--height", type=FiniteRange(**INCHES), default=4.0, show_default=True, help="Figure height, inches.")
@click.option("--dpi", type=click.IntRange(min=10), default=200, show_default=True, help="Dots per inch of a PNG.")
@click.option("-f", "--force", is_flag=True, help="Overwrite the figure and its .csv if they exist (without -o: "
                                                  "KIND.png).")
@click.pass_context
def plot_command(ctx: click.Context, paths: Sequence[Path], output: Optional[Path], kind: str,
                 table: bool, force: bool, **options: Any) -> None:
    from gym_loop.cli import run_domain

    _check_options(ctx, kind if output is not None or not table else None, table, output)
    if output is not None:
        from gym_loop.path_checks import refuse_file_in_the_way, refuse_long_name

        if output.suffix.lower() not in FORMATS:
            raise click.BadParameter(f"{output}: the extension must be .png, .svg or .pdf",
                                     ctx=ctx, param_hint="'-o' / '--output'")
        run_domain(ctx, refuse_long_name, "--output", output)
        run_domain(ctx, refuse_file_in_the_way, "--output", output.parent)
        _refuse_existing(ctx, output, force)
    if output is None and not table:
        output = Path(f"{kind}.png") if force else default_output(kind)
    if output is not None and output.suffix.lower() == ".png":
        _check_pixels(ctx, options["width"], options["height"], options["dpi"])
    run_domain(ctx, _plot, paths, output, kind, table, options)


def default_output(kind: str) -> Path:
    """``<kind>.png``, or ``<kind>-2.png``, ``<kind>-3.png``... if it or its ``.csv`` exists: a figure drawn again
    without ``-o`` replaces none drawn before."""
    from gym_loop.files import numbered

    return next(path for path in (stem.with_suffix(".png") for stem in numbered(Path(kind)))
                if not path.exists() and not path.with_suffix(".csv").exists())


def _refuse_existing(ctx: click.Context, output: Path, force: bool) -> None:
    """Refuse to replace an existing figure or the ``.csv`` its numbers go to, as create-default refuses a spec,
    unless ``force``; and, even so, a file of a run, sweep or tune folder (its episodes.csv, scores.csv...)."""
    from gym_loop.path_checks import owner

    numbers = output.with_suffix(".csv")
    for path, what in ((output, ""), (numbers, f" (the numbers of {output.name} would replace it)")):
        if (folder := owner(path)) is not None:
            raise click.BadParameter(f"{path} is a file of {folder}, which gym-loop reads{what}; give -o another "
                                     "name", ctx=ctx, param_hint="'-o' / '--output'")
        if path.exists() and not force:
            raise click.BadParameter(f"{path} exists{what}; give -o another name, or pass --force to overwrite it",
                                     ctx=ctx, param_hint="'-o' / '--output'")


def _check_pixels(ctx: click.Context, width: float, height: float, dpi: int) -> None:
    """Refuse a PNG of more than :data:`MAX_PIXELS` pixels, saying the largest ``--dpi`` that fits (at least 35:
    a side is at most :data:`MAX_INCHES`)."""
    if width * dpi * height * dpi <= MAX_PIXELS:
        return
    fits = int((MAX_PIXELS / (width * height)) ** 0.5)
    raise click.BadParameter(f"{dpi} with --width {width:g} --height {height:g} is a PNG of {round(width * dpi)} x "
                             f"{round(height * dpi)} pixels, more than {MAX_PIXELS // 1_000_000} million (it is drawn "
                             f"in memory); give --dpi {fits} or less (300 to 600 is print quality), or write .svg or "
                             ".pdf", ctx=ctx, param_hint="'--dpi'")


def _check_options(ctx: click.Context, kind: Optional[str], table: bool, output: Optional[Path] = None) -> None:
    """Refuse an option given for a figure it does nothing for (``--score`` also serves ``--table``; ``--reps`` and
    ``--bootstrap-seed`` serve curves only with ``--band ci``), a figure's option with no figure (``--table`` alone)
    and ``--dpi`` for a figure that is no PNG.

    ``kind`` is the figure drawn, None for ``--table`` alone; ``output`` the ``-o`` given.
    """
    def given(name: str) -> bool:
        return ctx.get_parameter_source(name) == click.core.ParameterSource.COMMANDLINE

    if kind is None and (name := next((name for name in FIGURE_OPTIONS if given(name)), None)) is not None:
        raise click.UsageError(f"--{name} is for a figure, which --table draws only with -o; add -o "
                               f"{ctx.params.get('kind') or 'curves'}.png (or leave --{name} out)")
    if output is not None and output.suffix.lower() != ".png" and given("dpi"):
        raise click.UsageError(f"--dpi is for a PNG, not {output.name} (a vector figure has no pixels); leave it out")
    for name, kinds in KIND_OPTIONS.items():
        if given(name) and kind not in kinds and not (name == "score" and table):
            option = "--" + name.replace("_", "-")
            also = " or --table" if name == "score" else ""
            drawn = f"--kind {kind}" if kind else "--table alone"
            raise click.UsageError(f"{option} is for --kind {' or '.join(sorted(kinds))}{also}, not {drawn}")
    band = ctx.params.get("band")
    for name in ("reps", "bootstrap_seed"):  # the bootstrap's: of a curves band only if it is the CI
        if given(name) and kind == "curves" and not table and band != "ci":
            raise click.UsageError(f"--{name.replace('_', '-')} is for --band ci, --kind intervals or profile or "
                                   f"--table, not --band {band}")


def _plot(paths: Sequence[Path], output: Optional[Path], kind: str, table: bool, options: Dict) -> None:
    from gym_loop.plots.runs import PlotError, load_configs

    if output is not None:
        _import_matplotlib()
    configs = load_configs(paths)
    runs = [run for config in configs for run in config.runs]
    absent = sum(run.status == "absent" for run in runs)  # planned by a sweep, no run folder (runinfo.status)
    logger.info("%d runs in %d configs%s", len(runs) - absent, len(configs),
                f", and {absent} planned run(s) without a run folder" if absent else "")
    if kind == "curves" and output is not None:
        _curves(configs, output, options)
    if kind != "curves" or table:
        _final_scores(configs, output if kind != "curves" else None, kind, table, options)


CJK_FONTS = ("Noto Sans CJK JP", "Noto Sans CJK SC", "Source Han Sans", "WenQuanYi Zen Hei", "Droid Sans Fallback",
             "IPAGothic", "Hiragino Sans", "Microsoft YaHei", "MS Gothic", "Malgun Gothic", "Arial Unicode MS")


def _import_matplotlib() -> None:
    """Import matplotlib as plot needs it, which only writes files (figures.py: no pyplot, no window): the backend
    MPLBACKEND names is not used (a notebook's, which this Python may lack, is dropped before matplotlib reads it),
    LaTeX is not (text.usetex in a matplotlibrc: latex may be absent and rejects labels' _ and %), and the fonts
    with CJK characters that are installed follow the user's font (a label of another script is then drawn)."""
    import os
    import sys

    from gym_loop.plots.runs import PlotError

    if "matplotlib" not in sys.modules:
        os.environ.pop("MPLBACKEND", None)
    try:
        import matplotlib
        from matplotlib import font_manager
    except ImportError as error:
        from gym_loop.errors import install_extra

        raise PlotError(f"gym-loop plot needs matplotlib: {install_extra('plot')}") from error
    installed = {font.name for font in font_manager.fontManager.ttflist}
    matplotlib.rcParams["text.usetex"] = False
    matplotlib.rcParams["font.family"] = [*matplotlib.rcParams["font.family"],
                                          *(name for name in CJK_FONTS if name in installed)]


def _curves(configs: List, output: Path, options: Dict) -> None:
    from gym_loop.plots import curves, figures

    y, x, agg, band = options["y"], options["x"], options["agg"], options["band"]
    smooth = options["smooth"] or (10 if y == "train" else 1)
    result = curves.learning_curves(configs, y, x, agg, band, smooth, options["min_runs"], options["reps"],
                                    options["bootstrap_seed"])
    how = f"mean of last {smooth} {'episodes' if y == 'train' else 'evaluations'}" if smooth > 1 else ""
    y_label = f"{Y_LABELS[y]}\n({how})" if how else Y_LABELS[y]
    from gym_loop.stats import min_runs

    where = f" where n ≥ {min_runs()}" if band == "ci" else ""  # no band below: it could not cover 95%
    title = f"{AGG_NAMES[agg]} over runs, {BAND_NAMES[band]}{where}\ndrawn where {_needed(result, options['min_runs'])}"
    figure = figures.curves_figure(result, X_LABELS[x], y_label, title, (options["width"], options["height"]))
    header = ["config", curves.X_NAMES[x], "n", agg, "low", "high"]
    _write(figure, output, options["dpi"], header,
           [[r["config"], r["x"], r["n"], r["value"], r["low"], r["high"]] for r in curves.rows(result)])


def _needed(result: List, min_runs: Optional[int]) -> str:
    """Where the curves are drawn: ``n ≥ 2 runs have data`` (1 for a config of one run, unless --min-runs)."""
    if min_runs is not None:
        return f"n ≥ {min_runs} runs have data"
    needed = {min(2, curve.runs) for curve in result}
    if len(needed) == 1:
        return f"n ≥ {needed.pop()} runs have data"
    return "n ≥ 2 runs (1 for a one-run config) have data"


def _final_scores(configs: List, output: Optional[Path], kind: str, table: bool, options: Dict) -> None:
    from gym_loop.plots import figures, scores

    from gym_loop.plots.runs import PlotError
    from gym_loop.sweeps.scores import some, warn_few_runs

    pruned = [config.label.replace(" (pruned)", "") for config in configs if config.pruned]
    configs = [config for config in configs if not config.pruned]
    if pruned and not configs:
        raise PlotError("every trial was pruned before the end of training: there are no final scores to compare; "
                        "plot their curves (--kind curves)")
    if pruned:  # scored where the pruner stopped them, beside the others' scores at the end of training
        logger.warning("%s: pruned before the end of training, so not scored at its end; left out of the final "
                       "scores (--kind curves draws them)", some(pruned))
    rule = scores.score_rule(configs, options["score"])
    logger.info("final score: %s", rule)
    final = scores.final_scores(configs, rule)
    warn_few_runs({config.label: len(config.values) for config in final})
    reps, seed = options["reps"], options["bootstrap_seed"]
    size, score_label = (options["width"], options["height"]), scores.SCORE_LABELS[rule]
    if table or kind == "intervals":
        estimates = scores.interval_estimates(final, reps, seed)
    if table:
        echo_out(scores.markdown_table(estimates, rule, reps, seed))
    if output is None:
        return
    if kind == "intervals":
        _write(figures.intervals_figure(estimates, score_label, size), output, options["dpi"],
               ["config", "n", "metric", "value", "low", "high"],
               [[e.label, e.n, e.metric, e.value, e.low, e.high] for e in estimates])
    else:
        profiles = scores.performance_profiles(final, scores.profile_taus(final), reps, seed)
        _write(figures.profile_figure(profiles, score_label, size), output, options["dpi"],
               ["config", "n", "tau", "fraction", "low", "high"],
               [[p["label"], p["n"], tau, *values] for p in profiles
                for tau, *values in zip(p["taus"], p["fraction"], p["low"], p["high"])])


def _write(figure: Any, output: Path, dpi: int, header: List[str], rows: List[List]) -> None:
    """Save the figure and its numbers (``<output stem>.csv``); NaN (no band) is written as an empty cell."""
    import csv
    import math

    from gym_loop.plots import figures

    output.parent.mkdir(parents=True, exist_ok=True)
    figures.save(figure, output, dpi)
    numbers = output.with_suffix(".csv")
    with numbers.open("w", newline="", encoding="utf-8") as file:
        writer = csv.writer(file)
        writer.writerow(header)
        writer.writerows([["" if isinstance(v, float) and math.isnan(v) else _plain(v) for v in row] for row in rows])
    logger.info("wrote %s and %s", output, numbers)


def _plain(value: Any) -> Any:
    """NumPy scalars as Python numbers, so the CSV has ``0.5``, not ``np.float64(0.5)``."""
    return value.item() if hasattr(value, "item") else value
