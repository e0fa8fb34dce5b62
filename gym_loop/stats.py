"""Interquartile mean, stratified bootstrap intervals, performance profiles and the probability of improvement
over runs, after Agarwal et al. 2021 (rliable), in vectorised NumPy; docs/sweeps.rst ("The statistics, and why")
says why and how."""

import functools
import math
from typing import Callable, Dict, Tuple

import numpy as np

MAX_ELEMENTS = 4_000_000  # resampled scores held in memory at once (32 MB of float64)
LARGE = 2.0 ** 960  # scores from here on are scaled down before a sum: 2**64 of them could not overflow


def no_nan(scores: np.ndarray, name: str) -> np.ndarray:
    """``scores`` as a float array. A NaN score (a diverged run) has no order among the others, so every statistic
    here refuses it rather than drop it (a sort puts it last, where the IQM cuts it) or count it as a loss.

    Raises:
        ValueError: A score is NaN; the message names the function and the score's index.
    """
    scores = np.asarray(scores, dtype=float)
    if np.isnan(scores).any():
        index = tuple(int(i) for i in np.argwhere(np.isnan(scores))[0])
        raise ValueError(f"{name}: the score at index {index[0] if len(index) == 1 else index} is NaN (a diverged "
                         "run?); leave that run out, or give it a number as its score")
    return scores


def _overflow_safe(statistic: Callable[..., np.ndarray]) -> Callable[..., np.ndarray]:
    """``statistic`` of finite scores that stays finite however large they are (mean, median, IQM); a NaN score
    is refused (:func:`no_nan`).

    Scores beyond :data:`LARGE` in magnitude are divided by a power of two before ``statistic``, and its
    result multiplied back (exact, and right for any statistic that scales with its scores); smaller
    scores are given to ``statistic`` unchanged, so the numbers are NumPy's own.
    """
    @functools.wraps(statistic)
    def safe(scores: np.ndarray, axis: int = -1) -> np.ndarray:
        scores = no_nan(scores, statistic.__name__)
        largest = np.max(np.abs(scores), initial=0.0, where=np.isfinite(scores))
        if largest < LARGE:
            return statistic(scores, axis=axis)
        power = int(np.frexp(largest)[1])
        return np.ldexp(statistic(np.ldexp(scores, -power), axis=axis), power)

    return safe


@_overflow_safe
def iqm(scores: np.ndarray, axis: int = -1) -> np.ndarray:
    """Interquartile mean: the mean of the middle half, a quarter of the scores cut from each end.

    ``floor(n / 4)`` scores are dropped at each end, as ``scipy.stats.trim_mean(scores, 0.25)`` does;
    with fewer than 4 scores nothing is dropped and the IQM is the mean.

    Args:
        scores: Scores, any shape.
        axis: The axis to reduce.

    Returns:
        The IQM along ``axis`` (a NumPy scalar for a 1-D input).
    """
    ordered = np.sort(np.asarray(scores, dtype=float), axis=axis)
    count = ordered.shape[axis]
    cut = count // 4
    return np.take(ordered, np.arange(cut, count - cut), axis=axis).mean(axis=axis)


AGGREGATES: Dict[str, Callable[..., np.ndarray]] = {"iqm": iqm, "mean": _overflow_safe(np.mean),
                                                    "median": _overflow_safe(np.median)}


def min_runs(level: float = 0.95) -> int:
    """The fewest runs whose percentile bootstrap interval can cover the truth ``level`` of the time: 6 at 95%.

    Such an interval lies between the lowest and the highest of the n scores, and n scores all fall on one
    side of their distribution's median with probability ``2 ** (1 - n)`` (on one side of any other quantile,
    more often): 50% for 2 runs, 25% for 3, 12.5% for 4, 6.25% for 5, 3.1% for 6. Below
    ``1 + log2(1 / (1 - level))`` runs it misses the median (and the mean, median or IQM of a symmetric
    distribution) more often than ``1 - level``, whatever the data: :func:`bootstrap_ci` and
    :func:`improvement_ci` give no interval then. (From 6 runs it can, though it still runs short: the
    interval of the mean of normal scores covers about 86% with 6 runs, 91% with 10, 93% with 30.)
    """
    return math.ceil(1 + math.log2(1 / (1 - level)) - 1e-9)


def bootstrap_ci(scores: np.ndarray, statistic: Callable[..., np.ndarray], reps: int = 2000, seed: int = 0,
                 level: float = 0.95) -> Tuple[np.ndarray, np.ndarray]:
    """Percentile bootstrap confidence interval of ``statistic`` over the runs of one config.

    Each repetition draws ``runs`` run indices with replacement (the same draw for every point of a
    curve, so a run's points stay together) and applies ``statistic`` over the runs axis; the
    interval is the ``(1 - level) / 2`` and ``(1 + level) / 2`` percentiles of the repetitions.
    The draws come from ``numpy.random.default_rng(seed)``: the same seed gives the same interval.
    With fewer than :func:`min_runs` runs no percentile interval can cover ``level``: both ends are NaN.

    Args:
        scores: Shape ``(runs,)`` (one score per run) or ``(runs, points)`` (a curve per run).
        statistic: Called as ``statistic(samples, axis=1)`` on samples of shape ``(reps, runs, ...)``,
            e.g. :func:`iqm` or a value of :data:`AGGREGATES`.
        reps: Bootstrap repetitions.
        seed: Seed of the resampling.
        level: Confidence level, in (0, 1).

    Returns:
        ``(low, high)``, each shaped like ``statistic``'s output for ``scores``: scalars for
        ``(runs,)``, arrays of ``points`` for ``(runs, points)``; NaN with fewer than :func:`min_runs` runs.

    Raises:
        ValueError: No runs, a NaN score (:func:`no_nan`), ``reps < 1`` or ``level`` outside (0, 1).
    """
    scores = no_nan(scores, "bootstrap_ci")
    if scores.ndim == 0 or scores.shape[0] == 0:
        raise ValueError("bootstrap_ci needs at least one run")
    _check_reps("bootstrap_ci", reps, level)
    runs = scores.shape[0]
    if runs < min_runs(level):
        nothing = np.full(np.shape(statistic(scores[None], axis=1))[1:], np.nan)
        return nothing, nothing.copy()
    rng = np.random.default_rng(seed)

    def draw(size: int) -> np.ndarray:
        return statistic(scores[rng.integers(0, runs, size=(size, runs))], axis=1)

    low, high = _percentile_interval(draw, reps, scores.size, level)
    return low, high


def _check_reps(name: str, reps: int, level: float) -> None:
    if reps < 1 or not 0 < level < 1:
        raise ValueError(f"{name} needs reps >= 1 and 0 < level < 1, got reps={reps}, level={level}")


def _percentile_interval(draw: Callable[[int], np.ndarray], reps: int, elements: int, level: float) -> np.ndarray:
    """``[low, high]``: the ``(1 - level) / 2`` and ``(1 + level) / 2`` percentiles of ``reps`` bootstrap statistics,
    ``draw(size)`` giving ``size`` of them from ``elements`` resampled scores each, at most :data:`MAX_ELEMENTS`
    resampled scores at once."""
    chunk = max(1, MAX_ELEMENTS // elements)
    draws = [draw(min(chunk, reps - done)) for done in range(0, reps, chunk)]
    return np.percentile(np.concatenate(draws, axis=0), [50 * (1 - level), 50 * (1 + level)], axis=0)


def performance_profile(scores: np.ndarray, taus: np.ndarray) -> np.ndarray:
    """Fraction of runs whose score is above each threshold ``tau``.

    Args:
        scores: Shape ``(runs,)``; also ``(..., runs)`` for many sets of runs at once (runs last,
            as :func:`iqm`'s default axis).
        taus: Thresholds, shape ``(k,)``.

    Returns:
        Shape ``(k,)`` (or ``(..., k)``): for each threshold, the fraction of runs with a score ``> tau``.

    Raises:
        ValueError: A score is NaN (:func:`no_nan`).
    """
    scores = no_nan(scores, "performance_profile")
    return (scores[..., None] > np.asarray(taus, dtype=float)).mean(axis=-2)


def probability_of_improvement(x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """The probability that a run of one config scores above a run of another: ``P(X > Y) + 0.5 P(X = Y)``.

    rliable's definition (Agarwal et al. 2021): the Mann-Whitney U statistic over every pair of runs
    ``(x_i, y_j)``, divided by the number of pairs; a tie counts a half.

    Args:
        x: Scores of the runs of X, shape ``(n,)``; also ``(..., n)`` for many sets of runs at once.
        y: Scores of the runs of Y, shape ``(m,)`` (``(..., m)``, the same leading shape as ``x``).

    Returns:
        The probability, in [0, 1] (shape ``(...)``).

    Raises:
        ValueError: A score is NaN (:func:`no_nan`).
    """
    x, y = no_nan(x, "probability_of_improvement"), np.sort(no_nan(y, "probability_of_improvement"), axis=-1)
    lead = np.broadcast_shapes(x.shape[:-1], y.shape[:-1])
    xs, ys = np.broadcast_to(x, lead + x.shape[-1:]), np.broadcast_to(y, lead + y.shape[-1:])
    # Per set, the pairs y < x plus those y <= x, counted by a binary search in the sorted y: twice the U statistic,
    # a whole number (exact), so the same probability as comparing every pair, in O((n + m) log m).
    twice_u = np.array([np.searchsorted(ys[i], xs[i], "left").sum() + np.searchsorted(ys[i], xs[i], "right").sum()
                        for i in np.ndindex(lead)], dtype=float).reshape(lead)
    return twice_u / 2 / (x.shape[-1] * y.shape[-1])


def improvement_ci(x: np.ndarray, y: np.ndarray, reps: int = 2000, seed: int = 0,
                   level: float = 0.95) -> Tuple[float, float]:
    """Percentile bootstrap confidence interval of :func:`probability_of_improvement` of X over Y.

    Each repetition resamples the runs of X with replacement among themselves and, apart, those of Y
    (stratified and independent, as rliable's ``StratifiedIndependentBootstrap``); the draws come from
    ``numpy.random.default_rng(seed)``, so the same seed gives the same interval. With fewer than
    :func:`min_runs` runs of X or of Y there is no interval: both ends are NaN.

    Args:
        x: Scores of the runs of X, shape ``(n,)``.
        y: Scores of the runs of Y, shape ``(m,)``.
        reps: Bootstrap repetitions.
        seed: Seed of the resampling.
        level: Confidence level, in (0, 1).

    Returns:
        ``(low, high)``, NaN with fewer than :func:`min_runs` runs of X or of Y.

    Raises:
        ValueError: X or Y has no runs, a NaN score (:func:`no_nan`), ``reps < 1`` or ``level`` outside (0, 1).
    """
    x, y = no_nan(x, "improvement_ci"), no_nan(y, "improvement_ci")
    if x.size == 0 or y.size == 0:
        raise ValueError("improvement_ci needs at least one run of each config")
    _check_reps("improvement_ci", reps, level)
    if min(x.size, y.size) < min_runs(level):
        return math.nan, math.nan
    rng = np.random.default_rng(seed)

    def draw(size: int) -> np.ndarray:
        return probability_of_improvement(x[rng.integers(0, x.size, size=(size, x.size))],
                                          y[rng.integers(0, y.size, size=(size, y.size))])

    low, high = _percentile_interval(draw, reps, x.size * y.size, level)
    return float(low), float(high)
