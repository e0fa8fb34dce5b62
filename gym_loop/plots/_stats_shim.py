"""Private copy of the ``gym_loop.stats`` API (owned by the sweep branch), replaced by it at merge.

Interquartile mean, a seeded stratified bootstrap and the performance profile of Agarwal et al.
2021, "Deep RL at the Edge of the Statistical Precipice", in vectorised NumPy.
"""

from typing import Callable, Dict, Tuple

import numpy as np


def iqm(scores: np.ndarray, axis: int = -1) -> np.ndarray:
    """Interquartile mean: the mean of the scores left after cutting 25% from each end.

    As ``scipy.stats.trim_mean(scores, 0.25, axis)``: ``floor(n / 4)`` scores are cut from each end,
    so with fewer than 4 scores it is the mean.

    Args:
        scores: Scores; the statistic is taken along ``axis``.
        axis: The axis of the runs.

    Returns:
        The scores' IQM, with ``axis`` removed.
    """
    ordered = np.sort(np.asarray(scores, dtype=float), axis=axis)
    n = ordered.shape[axis]
    cut = n // 4
    return np.take(ordered, np.arange(cut, n - cut), axis=axis).mean(axis=axis)


AGGREGATES: Dict[str, Callable[..., np.ndarray]] = {"iqm": iqm, "mean": np.mean, "median": np.median}


def bootstrap_ci(scores: np.ndarray, statistic: Callable[..., np.ndarray], reps: int = 2000, seed: int = 0,
                 level: float = 0.95) -> Tuple[np.ndarray, np.ndarray]:
    """Percentile bootstrap confidence interval of ``statistic`` over the runs of one config.

    The runs (axis 0 of ``scores``) are drawn with replacement ``reps`` times; ``statistic`` is
    called once on all the draws, as ``statistic(draws, axis=1)``.

    Args:
        scores: Shape ``(runs,)``, or ``(runs, points)`` for a curve (the same runs drawn at every point).
        statistic: An aggregate taking ``axis``, e.g. one of :data:`AGGREGATES`.
        reps: Bootstrap repetitions.
        seed: Seed of the draws, so the interval reproduces.
        level: Coverage of the interval.

    Returns:
        ``(low, high)``, each shaped like ``statistic(scores, axis=0)``.
    """
    scores = np.asarray(scores, dtype=float)
    rng = np.random.default_rng(seed)
    draws = scores[rng.integers(0, len(scores), size=(reps, len(scores)))]
    estimates = statistic(draws, axis=1)
    tail = 100 * (1 - level) / 2
    low, high = np.percentile(estimates, [tail, 100 - tail], axis=0)
    return low, high


def performance_profile(scores: np.ndarray, taus: np.ndarray) -> np.ndarray:
    """Fraction of runs scoring above each threshold ``tau``.

    Args:
        scores: Shape ``(runs,)``; also ``(..., runs)`` for many sets at once.
        taus: Thresholds, shape ``(points,)``.

    Returns:
        Shape ``(points,)`` (or ``(..., points)``): for each tau, the fraction of scores > tau.
    """
    return np.mean(np.asarray(scores, dtype=float)[..., None] > np.asarray(taus, dtype=float), axis=-2)
