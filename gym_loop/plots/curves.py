"""Learning curves of a config: each run's curve interpolated onto a common grid, then aggregated over seeds.

A run's curve is its training returns (a trailing moving mean over ``smooth`` episodes) or its
periodic evaluations' mean returns, against env steps or training episodes done. Each run counts
only between its first and last point, except a run that stopped because it met its
``reward_threshold``: it is held at its last value to the end of its config's longest run (a solved
run is done, as RL Zoo's and rliable's plots treat it; leaving it out would make the curve fall as
runs succeed). At each grid point the aggregate (IQM, mean or median) and
its band are taken over the runs that have data there, and the point is kept only where at least
``min_runs`` of them do.
"""

import logging
from dataclasses import dataclass
from typing import Dict, List, Optional, Sequence, Tuple

import numpy as np

from gym_loop import stats
from gym_loop.errors import program
from gym_loop.files import shown
from gym_loop.plots.runs import Config, PlotError, Run, to_run
from gym_loop.sweeps.scores import SHOWN, some

logger = logging.getLogger(__name__)

X_COLUMNS = {"steps": "global_step", "episodes": "episode"}
X_NAMES = {"steps": "env_steps", "episodes": "episodes"}
GRID_POINTS = 200


@dataclass
class Curve:
    """One config's aggregated curve: arrays of the grid points where it is drawn.

    Attributes:
        label: The config's label.
        runs: How many of its runs have data.
        full: How many of them reach its last x.
        held: How many of them met their ``reward_threshold`` before its last x and are held at their last value.
        ends: The last x of its longest run and of its shortest.
        x, n, value, low, high: Grid points, runs with data there, the aggregate and its band
            (``low`` and ``high`` NaN with no band).
    """

    label: str
    runs: int
    full: int
    x: np.ndarray
    n: np.ndarray
    value: np.ndarray
    low: np.ndarray
    high: np.ndarray
    held: int = 0
    ends: Tuple[float, float] = (np.nan, np.nan)  # the last x of its longest run and of its shortest


def run_curve(run: Run, y: str, x: str, smooth: int) -> Tuple[np.ndarray, np.ndarray]:
    """A run's points ``(xs, ys)``, x ascending, one point per x (points at the same x averaged).

    Args:
        run: The run.
        y: ``train`` (episodes.csv's returns) or ``eval`` (evals.csv's mean returns).
        x: ``steps`` (env steps done) or ``episodes`` (training episodes done).
        smooth: Trailing moving-mean window over the run's points (1: none).
    """
    table = run.episodes if y == "train" else run.evals
    ys = table["return"] if y == "train" else table["mean_return"]
    xs = table[X_COLUMNS[x]] + (1 if (y, x) == ("train", "episodes") else 0)  # episodes done after it
    ys = moving_mean(ys, smooth)
    order = np.argsort(xs, kind="stable")
    unique, inverse = np.unique(xs[order], return_inverse=True)
    return unique, np.bincount(inverse, weights=ys[order]) / np.bincount(inverse)


def moving_mean(values: np.ndarray, window: int) -> np.ndarray:
    """Mean of each value and the ``window - 1`` before it (fewer at the start).

    Each window's sum adds only its own values: a suffix of one block of ``window`` values and a prefix of the
    next (differences of one running sum lost every later value after a return of 1e16, and a NaN reached them
    all). Values too large to add ``window`` of are halved by a power of two first, which changes no digit.
    """
    values = np.asarray(values, dtype=float)
    size = len(values)
    if window <= 1 or not size:
        return values.copy()
    largest = np.fmax.reduce(np.abs(values))  # NaN left out
    scale = 0.5 ** int(window).bit_length() if largest > np.finfo(float).max / window else 1.0
    blocks = np.zeros(-(-size // window) * window)
    blocks[:size] = values * scale if scale != 1.0 else values
    blocks = blocks.reshape(-1, window)
    sums = np.cumsum(blocks, axis=1).ravel()[:size]  # from its block's start to each value
    if size >= window:  # and the values before it in the block before: from the window's start to that block's end
        suffixes = np.cumsum(blocks[:, ::-1], axis=1)[:, ::-1].ravel()[:size - window + 1]
        suffixes[::window] = 0.0  # a window starting a block is that block's prefix alone
        sums[window - 1:] += suffixes
    means = sums / np.minimum(np.arange(1, size + 1), window)
    return means / scale if scale != 1.0 else means


def learning_curves(configs: Sequence[Config], y: str, x: str, agg: str, band: str, smooth: int,
                    min_runs: Optional[int], reps: int, seed: int) -> List[Curve]:
    """Every config's curve on one grid.

    Args:
        configs: The configs.
        y, x, smooth: As :func:`run_curve`.
        agg: ``iqm``, ``mean`` or ``median`` over the runs at each point.
        band: ``ci`` (bootstrap 95% CI of ``agg``, NaN where fewer than :func:`gym_loop.stats.min_runs` runs have
            data), ``std`` (``agg`` +- the runs' standard deviation) or ``none``.
        min_runs: Points with fewer runs are not drawn; None: 2, or 1 for a config of one run.
        reps, seed: Bootstrap repetitions and seed.

    Raises:
        PlotError: No run has a point to draw, or no config has a point with the runs it needs (the message
            says how to draw them).
    """
    series = {config.label: _series(config, y, x, smooth) for config in configs}
    points = [s for runs in series.values() for s in runs]
    if not points:
        raise PlotError("no run has evaluations in evals.csv; set loop.parameters.episodes_per_eval, or plot --y train"
                        if y == "eval" else "no run has training episodes in episodes.csv yet")
    grid = common_grid([(xs, ys) for xs, ys, _ in points])
    curves = [_curve(label, runs, grid, agg, band, min_runs, reps, seed) for label, runs in series.items() if runs]
    if not any(len(curve.x) for curve in curves):
        most = max(curve.runs for curve in curves)
        raise PlotError(f"nothing to draw: no config has a point with data from {_needed(most, min_runs)} of its "
                        f"runs; {_not_drawn_hint(most, x, min_runs)}")
    for curve in curves:
        if not len(curve.x):
            logger.warning("%s: not drawn: no point has data from %d of its %d runs; %s", curve.label,
                           _needed(curve.runs, min_runs), curve.runs, _not_drawn_hint(curve.runs, x, min_runs))
    if band == "ci":
        _warn_no_band(curves)
    _log_coverage([curve for curve in curves if len(curve.x)])
    return curves


def _warn_no_band(curves: Sequence[Curve]) -> None:
    """Name the curves with points where fewer than :func:`gym_loop.stats.min_runs` runs have data: a line each, or
    one line for them all when there are more than :data:`~gym_loop.sweeps.scores.SHOWN`."""
    short = {curve.label: (int((curve.n < stats.min_runs()).sum()), len(curve.x)) for curve in curves}
    short = {label: counts for label, counts in short.items() if counts[0]}
    why = ("where fewer than %d runs have data (a bootstrap interval of fewer runs cannot cover 95%%, see gym-loop "
           "plot's docs); run more seeds")
    if len(short) > SHOWN:
        missing, points = (sum(counts[i] for counts in short.values()) for i in (0, 1))
        logger.warning(f"%s (%d configs): no band at %d of their %d points, {why}", some(list(short)), len(short),
                       missing, points, stats.min_runs())
        return
    for label, (missing, points) in short.items():
        logger.warning(f"%s: no band at %d of its %d points, {why}", label, missing, points, stats.min_runs())


def _needed(runs: int, min_runs: Optional[int]) -> int:
    """Runs a point needs to be drawn: ``min_runs``, or 2 (1 for a config of one run)."""
    return min(2, runs) if min_runs is None else min_runs


def _not_drawn_hint(runs: int, x: str, min_runs: Optional[int]) -> str:
    """How to draw a config of ``runs`` runs left without a point: a lower --min-runs, or --x episodes."""
    if min_runs is not None and min_runs > runs:
        return f"--min-runs {min_runs} asks for more runs than {runs}: give a lower one"
    if x == "steps":
        return ("each run's points lie at its own env steps, and the runs' stretches do not overlap (one "
                "evaluation per run?): plot against --x episodes, where they line up, or give --min-runs 1")
    return "the runs' stretches of episodes do not overlap: give --min-runs 1 to draw each run's part"


def _series(config: Config, y: str, x: str, smooth: int) -> List[Tuple[np.ndarray, np.ndarray, bool]]:
    """The curves of the config's runs that have points, each with whether it is held (:func:`_held`); the others
    are named in a warning."""
    curves = [run_curve(run, y, x, smooth) for run in config.runs]
    series = _held(config.label, [(*curve, run.solved) for run, curve in zip(config.runs, curves) if len(curve[0])])
    gone = [run for run, curve in zip(config.runs, curves) if not len(curve[0]) and not run.path.exists()]
    if gone:  # planned by a sweep, no run folder: not started (or moved away)
        sweeps = sorted({shown(run.config[0]) for run in gone if run.config})  # as the user reaches it
        logger.warning("%s: %d of %d runs are not started (no run folder) and are not drawn; %s", config.label,
                       len(gone), len(config.runs),
                       "; ".join(map(to_run, sweeps)) or f"to run them: {program()} sweep SWEEP")
    empty = [str(run.path) for run, curve in zip(config.runs, curves) if not len(curve[0]) and run.path.exists()]
    if empty:
        what = "evaluations in evals.csv" if y == "eval" else "episodes in episodes.csv"
        logger.warning("%s: %d of %d runs have no %s and are not drawn: %s", config.label, len(empty),
                       len(config.runs), what, ", ".join(empty))
    return series


def _held(label: str, series: List[Tuple[np.ndarray, np.ndarray, bool]]) -> List[Tuple[np.ndarray, np.ndarray, bool]]:
    """The runs' curves, each run that met its ``reward_threshold`` before the config's last x given one more
    point there at its last value (held: it stopped because it was done), and marked held."""
    if not series:
        return series
    end = max(xs[-1] for xs, _, _ in series)
    held = [(np.append(xs, end), np.append(ys, ys[-1]), True) if solved and xs[-1] < end else (xs, ys, False)
            for xs, ys, solved in series]
    count = sum(hold for _, _, hold in held)
    if count:
        logger.info("%s: %d of %d runs met reward_threshold before the end and are held at their last value (a "
                    "solved run stops training)", label, count, len(series))
    return held


def common_grid(series: Sequence[Tuple[np.ndarray, np.ndarray]]) -> np.ndarray:
    """Every run's x values if there are at most 200 of them, else 200 evenly spaced ones plus each run's ends.

    The x values are counts (env steps, episodes): the evenly spaced ones are rounded to whole numbers too.
    """
    every = np.unique(np.concatenate([xs for xs, _ in series]))
    if len(every) <= GRID_POINTS:
        return every
    ends = [xs[[0, -1]] for xs, _ in series]
    return np.unique(np.concatenate([np.round(np.linspace(every[0], every[-1], GRID_POINTS)), *ends]))


def on_grid(series: Sequence[Tuple[np.ndarray, np.ndarray]], grid: np.ndarray) -> np.ndarray:
    """Shape ``(runs, points)``: each run linearly interpolated, NaN outside its first and last x."""
    values = np.full((len(series), len(grid)), np.nan)
    for i, (xs, ys) in enumerate(series):
        inside = (grid >= xs[0]) & (grid <= xs[-1])
        values[i, inside] = np.interp(grid[inside], xs, ys)
    return values


def _curve(label: str, held: List, grid: np.ndarray, agg: str, band: str, min_runs: Optional[int],
           reps: int, seed: int) -> Curve:
    series = [(xs, ys) for xs, ys, _ in held]
    values = on_grid(series, grid)
    covered = ~np.isnan(values)
    n = covered.sum(axis=0)
    needed = _needed(len(series), min_runs)
    keep = n >= max(needed, 1)
    value, low, high = (np.full(len(grid), np.nan) for _ in range(3))
    for mask in {tuple(column) for column in covered[:, keep].T}:
        columns = keep & (covered == np.array(mask)[:, None]).all(axis=0)
        runs = values[np.array(mask)][:, columns]
        value[columns], low[columns], high[columns] = _aggregate(runs, agg, band, reps, seed)
    last = max(xs[-1] for xs, _ in series)
    return Curve(label, len(series), sum(xs[-1] == last for xs, _ in series), grid[keep], n[keep], value[keep],
                 low[keep], high[keep], sum(hold for _, _, hold in held), (last, min(xs[-1] for xs, _ in series)))


def _aggregate(runs: np.ndarray, agg: str, band: str, reps: int, seed: int) -> Tuple[np.ndarray, ...]:
    """``(value, low, high)`` over the runs (axis 0) at each point."""
    statistic = stats.AGGREGATES[agg]
    value = statistic(runs, axis=0)
    if band == "ci":
        low, high = stats.bootstrap_ci(runs, statistic, reps=reps, seed=seed)
    elif band == "std":
        spread = runs.std(axis=0)
        low, high = value - spread, value + spread
    else:
        low = high = np.full(runs.shape[1], np.nan)
    return value, low, high


def _log_coverage(curves: Sequence[Curve]) -> None:
    """Say how far each drawn curve's runs reach; with more than :data:`~gym_loop.sweeps.scores.SHOWN` curves, the
    configs whose runs all reach their end in one line and only the first few others each in its own."""
    whole = [curve.label for curve in curves if curve.full == curve.runs]
    if len(curves) > SHOWN and whole:
        logger.info("%s (%d configs): all their runs cover their full length", some(whole), len(whole))
        curves = [curve for curve in curves if curve.full < curve.runs]
    for curve in curves[:SHOWN]:
        last, shortest = curve.ends
        logger.info("%s: %d of %d runs cover its full length (to %s), all %d to %s; drawn to %s, where %d have data",
                    curve.label, curve.full, curve.runs, f"{last:g}", curve.runs, f"{shortest:g}", f"{curve.x[-1]:g}",
                    curve.n[-1])
    if len(curves) > SHOWN:
        logger.info("%s (%d more configs): not all of their runs cover their full length (the .csv's n column says "
                    "how many have data at each point)", some([curve.label for curve in curves[SHOWN:]]),
                    len(curves) - SHOWN)


def rows(curves: Sequence[Curve]) -> List[Dict[str, float]]:
    """The curves' numbers, a row per config and point: config, x (a whole number of env steps or episodes
    as an int: ``4``, not ``4.0``), n, value, low, high."""
    return [{"config": c.label, "x": int(x) if float(x).is_integer() else float(x), "n": int(n), "value": v,
             "low": lo, "high": hi} for c in curves for x, n, v, lo, hi in zip(c.x, c.n, c.value, c.low, c.high)]
