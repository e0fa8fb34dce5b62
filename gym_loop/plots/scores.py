"""Final scores of runs and the statistics of Agarwal et al. 2021 over them: interval estimates, profiles, a table.

A run's score is its last periodic evaluation's mean return (``final-eval``, the default when every
run's spec evaluates periodically) or the mean of its last 100 training returns (``last-100``);
never the best evaluation, which is biased upwards. This is the rule of ``gym-loop aggregate``.
"""

import logging
from dataclasses import dataclass
from typing import Dict, List, Optional, Sequence

import numpy as np

from gym_loop import stats
from gym_loop.errors import program
from gym_loop.plots.runs import Config, PlotError
from gym_loop.sweeps.runinfo import DONE

logger = logging.getLogger(__name__)

SCORE_LABELS = {"final-eval": "last evaluation's mean return", "last-100": "mean of the last 100 training returns"}
METRICS = ("median", "iqm", "mean")  # the order of the paper's interval figure
METRIC_NAMES = {"median": "Median", "iqm": "IQM", "mean": "Mean"}
PROFILE_POINTS = 101
TIED_MARGIN = 0.1  # every score equal: the thresholds reach this fraction of it on each side


@dataclass
class Scores:
    """A config's final scores, one per run that has one."""

    label: str
    values: np.ndarray


@dataclass
class Estimate:
    """One statistic of a config's scores with its bootstrap confidence interval."""

    label: str
    n: int
    metric: str
    value: float
    low: float
    high: float


def score_rule(configs: Sequence[Config], rule: Optional[str]) -> str:
    """``rule``, or the default: ``final-eval`` when every run evaluates periodically, else ``last-100``."""
    if rule is not None:
        return rule
    return "final-eval" if all(run.evaluates for config in configs for run in config.runs) else "last-100"


def final_scores(configs: Sequence[Config], rule: str) -> List[Scores]:
    """Each config's scores, of its runs that reached their end (finished or pruned), scored as ``gym-loop
    aggregate`` scores them (:func:`gym_loop.sweeps.scores.score_runs`).

    Runs not at their end, and runs without a score, are left out with a warning.

    Raises:
        PlotError: No run has a score: none reached its end yet, or (the message says how to give them one) none
            of those that did has one.
        SpecError: A finished run's ``spec.yaml`` cannot be read.
    """
    from gym_loop.sweeps.scores import score_runs, shown_status, warn_unfinished

    result, statuses, scored_by = [], [], {}
    for config in configs:
        scored = scored_by[config.label] = score_runs([run.path for run in config.runs], rule)
        statuses += [shown_status(status) for status, _ in scored]
        done = [score for status, score in scored if status in DONE]
        values = np.array([score for score in done if score is not None])
        if len(values):
            result.append(Scores(config.label, values))
    warn_unfinished(scored_by, rule)
    if not result and not any(status in DONE for status in statuses):
        counts = ", ".join(f"{statuses.count(status)} {status}" for status in sorted(set(statuses)))
        raise PlotError(f"no run has reached its end yet ({counts}), so none has a final score; let them finish "
                        f"(continue a stopped sweep with {program()} sweep SWEEP_DIR, a run with {program()} train "
                        "--resume RUN_FOLDER), or draw their data so far with --kind curves")
    if not result:
        hint = "; set loop.parameters.episodes_per_eval, or use --score last-100" if rule == "final-eval" else ""
        raise PlotError(f"no finished run has a {rule} score yet{hint}")
    return result


def interval_estimates(scores: Sequence[Scores], reps: int, seed: int) -> List[Estimate]:
    """Median, IQM and mean of each config's scores, each with its bootstrap 95% CI (NaN, none, with fewer runs
    than :func:`gym_loop.stats.min_runs`)."""
    estimates = []
    for config in scores:
        for metric in METRICS:
            statistic = stats.AGGREGATES[metric]
            low, high = stats.bootstrap_ci(config.values, statistic, reps=reps, seed=seed)
            estimates.append(Estimate(config.label, len(config.values), metric, float(statistic(config.values)),
                                      float(low), float(high)))
    return estimates


def profile_taus(scores: Sequence[Scores]) -> np.ndarray:
    """101 thresholds from the lowest score to the highest, over every config (each config's profile adds its
    own scores: :func:`performance_profiles`).

    When every run has the same score, the thresholds run from 10% of it (at least 1) below to as far
    above, so the profile is what is true: every run above each tau up to the score, none from it on.
    """
    every = np.concatenate([config.values for config in scores])
    low, high = every.min(), every.max()
    if low == high:
        logger.info("every run scored %g: the profile is one step, from 1 to 0 at that score", low)
        pad = max(abs(low) * TIED_MARGIN, 1.0)
        low, high = low - pad, high + pad
    if np.isfinite(high - low):
        return np.linspace(low, high, PROFILE_POINTS)
    return 2 * np.linspace(low / 2, high / 2, PROFILE_POINTS)  # exact: a range wider than the largest float


def performance_profiles(scores: Sequence[Scores], grid: np.ndarray, reps: int, seed: int) -> List[Dict]:
    """For each config, at its ``taus`` (``grid`` and its own scores, where its profile and every resample's
    drop, so that its steps are drawn at the scores, not at the next point of the grid): the fraction of its runs
    scoring above each tau, with a bootstrap 95% CI band (NaN, none, with fewer runs than
    :func:`gym_loop.stats.min_runs`)."""
    profiles = []
    for config in scores:
        taus = np.unique(np.concatenate([grid, config.values]))
        low, high = stats.bootstrap_ci(config.values, _profile_statistic(taus), reps=reps, seed=seed)
        profiles.append({"label": config.label, "n": len(config.values), "taus": taus,
                         "fraction": stats.performance_profile(config.values, taus), "low": low, "high": high})
    return profiles


def _profile_statistic(taus: np.ndarray):
    """The profile at ``taus`` as a statistic of :func:`gym_loop.stats.bootstrap_ci`: of many resamples at once,
    in chunks of at most ``MAX_ELEMENTS`` comparisons."""
    def statistic(draws: np.ndarray, axis: int) -> np.ndarray:
        samples = np.moveaxis(draws, axis, -1)  # one set of runs per row, each profiled on its own
        flat = samples.reshape(-1, samples.shape[-1])
        rows = max(1, stats.MAX_ELEMENTS // (flat.shape[1] * len(taus)))  # a comparison per run and tau at once
        return np.concatenate([stats.performance_profile(flat[start:start + rows], taus)
                               for start in range(0, len(flat), rows)]).reshape(*samples.shape[:-1], -1)

    return statistic


def markdown_table(estimates: Sequence[Estimate], rule: str, reps: int, seed: int) -> str:
    """The aggregate table: a row per config with n, mean, median and IQM, each with its 95% CI, to 4 significant
    digits as ``gym-loop aggregate``'s table (decimals would print small returns as 0.000)."""
    by_label: Dict[str, Dict[str, Estimate]] = {}
    for estimate in estimates:
        by_label.setdefault(estimate.label, {})[estimate.metric] = estimate
    columns = ("mean", "median", "iqm")
    lines = ["| config | n | " + " | ".join(f"{METRIC_NAMES[c]} [95% CI]" for c in columns) + " |",
             "|---|---:|" + "---:|" * len(columns)]
    for label, row in by_label.items():
        cells = [f"{row[c].value:.4g} " + (f"[{row[c].low:.4g}, {row[c].high:.4g}]" if np.isfinite(row[c].low)
                                           else _no_interval(row[c].n)) for c in columns]
        lines.append(f"| {label} | {row[columns[0]].n} | " + " | ".join(cells) + " |")
    fewer = f" (none below {stats.min_runs()} runs)" if any(not np.isfinite(e.low) for e in estimates) else ""
    lines.append(f"\nScore: {rule}; 95% stratified bootstrap CIs{fewer}, {reps} repetitions, seed {seed}.")
    return "\n".join(lines)


def _no_interval(n: int) -> str:
    """A table cell's interval for a config of fewer runs than :func:`gym_loop.stats.min_runs`."""
    return f"[no interval: {n} run{'s' if n > 1 else ''}]"
