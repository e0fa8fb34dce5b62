"""A score per run and honest statistics per config: n, mean, median, IQM and bootstrap intervals.

A run's score is its *last* periodic evaluation (``final-eval``) or the mean of its last 100 training
returns (``last-100``); never its best evaluation, which is the maximum of noisy numbers and so
biased upwards. Only finished runs are scored.
"""

import logging
import math
from pathlib import Path
from typing import Any, Dict, List, Optional, Sequence, Tuple, Union

from gym_loop.sweeps import runinfo

logger = logging.getLogger(__name__)

TABLE = {"final-eval": "evals_csv", "last-100": "episodes_csv"}  # the loop parameter naming each score's file
LAST = 100
LEVEL = 0.95
MIN_RUNS = 4  # below this the IQM trims nothing: it is the mean
NOT_STARTED = "not started"  # a run without run.json (status absent), as a warning says it
AGGREGATE_COLUMNS = ("n", "mean", "median", "iqm", "iqm_low", "iqm_high", "mean_low", "mean_high",
                     "score", "level", "reps", "bootstrap_seed")
SHOWN = 5  # configs a log line names, then "and N more"
IMPROVEMENT_COLUMNS = ("vs", "p_improvement", "p_improvement_low", "p_improvement_high")  # gym-loop aggregate --vs


def default_kind(spec: Dict[str, Any]) -> str:
    """``final-eval`` when the spec evaluates periodically (``episodes_per_eval`` set), else ``last-100``."""
    return "final-eval" if (spec.get("loop") or {}).get("parameters", {}).get("episodes_per_eval") else "last-100"


def table_score(file: Optional[Path], kind: str) -> Tuple[Optional[float], Optional[str]]:
    """The ``kind`` score from a run's ``evals.csv`` (``final-eval``) or ``episodes.csv`` (``last-100``).

    Returns:
        ``(score, None)``; ``(None, None)`` when the file has no row to score (or there is no file);
        ``(None, fault)`` when the rows it would be scored from hold a value that is not a finite number
        (a damaged or hand-edited file: ``abc``, ``nan``, ``inf``), ``fault`` saying which.
    """
    if kind == "final-eval":
        last = runinfo.last_row(file)
        if not last:
            return None, None
        score = _finite(last.get("mean_return"))
        fault = f"its last mean_return is {last.get('mean_return')!r}, not a finite number"
        return (score, None) if score is not None else (None, fault)
    returns = runinfo.training_returns(file, LAST)
    if not returns:
        return None, None
    bad = [value for value in returns if not math.isfinite(value)]
    if bad:
        verb = "is" if len(bad) == 1 else "are"
        return None, f"{len(bad)} of its last {len(returns)} returns {verb} not a finite number"
    return sum(returns) / len(returns), None


def _finite(text: Optional[str]) -> Optional[float]:
    """``text`` as a finite float, or None (not a number, nan, inf)."""
    try:
        value = float(text)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None
    return value if math.isfinite(value) else None


def score_runs(folders: Sequence[Path], kind: str) -> List[Tuple[str, Optional[float]]]:
    """Each run's status and ``kind`` score: the runs of ``gym-loop aggregate``, a sweep's scores and
    ``gym-loop plot`` are all scored here, so they agree.

    Only a run that reached its end (finished or pruned) is scored. A finished run left without a score
    is reported in a warning: its spec turned the file off, it never evaluated, or the value it would be
    scored by is not a finite number (one line per such run, naming its file: it is left out). So are runs
    scored ``last-100`` that met their ``reward_threshold`` before 100 episodes: their score is their whole run's.

    Raises:
        SpecError: A finished run's ``spec.yaml`` cannot be read (:func:`gym_loop.sweeps.runinfo.read_spec`).
    """
    parameter, result, short = TABLE[kind], [], []
    unscored = turned_off = damaged = 0
    for folder in folders:
        record = runinfo.read_record(folder)
        status = runinfo.status(folder, record)
        file = runinfo.run_file(folder, parameter) if status in runinfo.DONE else None
        score, fault = table_score(file, kind) if file else (None, None)
        result.append((status, score))
        if kind == "last-100" and score is not None and runinfo.solved(record):
            episodes = len(runinfo.training_returns(file, LAST))  # all of them when fewer
            short += [f"{folder}: {episodes} episodes"] if episodes < LAST else []
        unscored += score is None and status in runinfo.DONE
        turned_off += file is None and status in runinfo.DONE
        if fault:
            damaged += 1
            logger.warning("%s: %s; that run is left out of the statistics: restore the file "
                           "from a copy", file, fault)
    if short:
        logger.warning("%d run(s) met their reward_threshold before %d training episodes (e.g. %s), so their last-100 "
                       "score is the mean of their whole run, learning included: the sooner a run solved, the lower it "
                       "scores; score them by their last evaluation (--score final-eval)", len(short), LAST, short[0])
    if turned_off:
        logger.warning("%d finished run(s) have no %s score: their spec sets loop.parameters.%s to null, so "
                       "there is no file to score them from", turned_off, kind, parameter)
    if unscored > turned_off + damaged:
        logger.warning("%d finished run(s) have no %s score%s", unscored - turned_off - damaged, kind,
                       " (no periodic evaluation ran: try --score last-100)" if kind == "final-eval" else "")
    return result


def seed_order(seed: Any, folder: Any) -> Tuple[int, int, str]:
    """Sort key of a config's runs: the one order its statistics take them in.

    By seed, numerically (seed 2 before seed 10), then runs without an integer seed, ties by folder. The
    bootstrap draws runs by position, so without one order the same runs would give other intervals when their
    seeds were listed in another order (``--seeds 4,3,2,1,0``), added later (``--add-seeds``) or read in folder-name
    order (``seed-10`` before ``seed-2``). ``gym-loop aggregate``, a sweep's closing table and ``gym-loop plot`` all
    order runs by this key.

    Args:
        seed: The run's seed (an int, its text, or None).
        folder: The run's folder, the tie-break.
    """
    try:
        return 0, int(seed), str(folder)
    except (TypeError, ValueError):
        return 1, 0, str(folder)


def scores_by_config(rows: Sequence[Dict[str, Any]], configs: Sequence[str]) -> Dict[str, List[float]]:
    """Config id -> the scores of its scored runs in :func:`seed_order`, the input of :func:`aggregate`.

    Args:
        rows: ``scores.csv`` rows (:func:`score_table`).
        configs: Every config id, in the order the table lists them (a config without a score gets ``[]``).
    """
    result: Dict[str, List[float]] = {config: [] for config in configs}
    for row in sorted(rows, key=lambda row: seed_order(row["seed"], row["folder"])):
        if row["score"] is not None:
            result.setdefault(row["config"], []).append(row["score"])
    return result


def shown_status(status: str) -> str:
    """A run's status (:func:`gym_loop.sweeps.runinfo.status`) as messages say it: ``absent`` is :data:`NOT_STARTED`."""
    return NOT_STARTED if status == "absent" else status


def warn_unfinished(scored_by: Dict[str, Sequence[Tuple[str, Optional[float]]]], kind: str) -> None:
    """Warn when some of a config's planned runs have no score: not at their end (failed, interrupted, moved
    away...), or finished without one (:func:`score_runs` says why): its statistics then rest on the others,
    often the seeds that did not fail. ``gym-loop aggregate`` and ``gym-loop plot`` both say it, in these words:
    one line for the configs it says the same of (:func:`some`: a sweep of 900 configs stopped gets a line).

    Args:
        scored_by: Each config as the command names it -> the status (:func:`gym_loop.sweeps.runinfo.status`) and
            score (None for none) of each of its planned runs.
        kind: The score's name.
    """
    said: Dict[str, List[str]] = {}
    for label, scored in scored_by.items():
        left = [shown_status(status) for status, _ in scored if status not in runinfo.DONE]
        unscored = sum(1 for status, score in scored if status in runinfo.DONE and score is None)
        parts = []
        if left:
            counts = ", ".join(f"{left.count(status)} {status}" for status in sorted(set(left)))
            parts.append(f"{len(left)} of {len(scored)} runs are not finished and have no final score ({counts})")
        if unscored:
            parts.append(f"{unscored} finished run{'s have' if unscored > 1 else ' has'} no {kind} score (said above)")
        if parts:
            said.setdefault(f"{'; '.join(parts)}; its statistics cover the other {len(scored) - len(left) - unscored}",
                            []).append(label)
    for text, labels in said.items():
        logger.warning("%s: %s", some(labels), text)


def aggregate(scores: Dict[str, List[float]], reps: int, seed: int, kind: str,
              unfinished: Optional[Dict[str, str]] = None,
              labels: Optional[Dict[str, str]] = None) -> Dict[str, Dict[str, Any]]:
    """Per config: n, mean, median, IQM and ``LEVEL`` bootstrap intervals of the IQM and the mean.

    Args:
        scores: Config id -> the scores of its finished runs, in :func:`seed_order` (:func:`scores_by_config`).
        reps: Bootstrap repetitions.
        seed: Bootstrap seed (the same for every config, so the numbers reproduce).
        kind: The score's name, recorded in each row.
        unfinished: Config id -> why it has no score yet (:func:`unfinished_configs`), said in its warning.
        labels: Config id -> its label, as warnings name it (:func:`gym_loop.sweeps.plan.config_labels`).

    Returns:
        Config id -> row with :data:`AGGREGATE_COLUMNS` (statistics None for a config without scores).
    """
    import numpy as np

    from gym_loop.stats import AGGREGATES, bootstrap_ci, iqm

    rows, labels = {}, labels or {}
    said: Dict[str, List[str]] = {}  # a warning -> the configs it is said of
    for config, values in scores.items():
        row: Dict[str, Any] = {"n": len(values), "score": kind, "level": LEVEL, "reps": reps, "bootstrap_seed": seed}
        if values:
            array = np.asarray(values, dtype=float)
            row.update(mean=float(AGGREGATES["mean"](array)), median=float(AGGREGATES["median"](array)),
                       iqm=float(iqm(array)))
            # fewer runs than stats.min_runs: NaN, no interval; the cells stay empty
            iqm_low, iqm_high = bootstrap_ci(array, iqm, reps=reps, seed=seed, level=LEVEL)
            mean_low, mean_high = bootstrap_ci(array, AGGREGATES["mean"], reps=reps, seed=seed, level=LEVEL)
            row.update(iqm_low=number(iqm_low), iqm_high=number(iqm_high),
                       mean_low=number(mean_low), mean_high=number(mean_high))
        if not values:
            said.setdefault(f"no scored run yet: {(unfinished or {})[config]}" if config in (unfinished or {}) else
                            "no scored run", []).append(labels.get(config, config))
        rows[config] = row
    for text, named in said.items():
        logger.warning("%s: %s", some(named), text)
    warn_few_runs({labels.get(config, config): len(values) for config, values in scores.items()}, "scored run")
    return rows


def number(value: Any) -> Optional[float]:
    """A statistic as a cell: a float, or None (an empty cell) for NaN, no interval."""
    value = float(value)
    return None if math.isnan(value) else value


def some(labels: Sequence[str], shown: int = SHOWN, separator: str = ", ") -> str:
    """``labels`` as a message names them: the first ``shown``, then ``and N more`` (a tune of 500 trials gets a
    line, not a page)."""
    return separator.join(labels[:shown]) + (f" and {len(labels) - shown} more" if len(labels) > shown else "")


def warn_few_runs(counts: Dict[str, int], what: str = "run") -> None:
    """Warn that configs of 1 to ``stats.min_runs() - 1`` scored runs have no interval, and why (with fewer than
    :data:`MIN_RUNS`, that their IQM is the mean): one line per number of runs, naming its configs (:func:`some`:
    a tune of 100 trials on 2 seeds gets one short line). ``gym-loop aggregate``, ``sweep`` and ``plot`` say it in
    these words.

    Args:
        counts: Config -> its number of scored runs.
        what: ``scored run`` or ``run``, as the command counts them.
    """
    from gym_loop.stats import min_runs

    needed = min_runs(LEVEL)
    by_n: Dict[int, List[str]] = {}
    for label, n in counts.items():
        by_n.setdefault(n, []).append(label)
    for n, labels in sorted(by_n.items()):
        if n == 1:
            logger.warning("%s: 1 %s: no interval (a bootstrap of one score is that score); run more seeds",
                           some(labels), what)
        elif 1 < n < needed:
            iqm = f"; with fewer than {MIN_RUNS} the IQM is the mean" if n < MIN_RUNS else ""
            logger.warning("%s: %d %ss: no interval (a bootstrap interval lies between the lowest and highest of the "
                           "%d scores, which all fall on one side of the median %g%% of the time: a %g%% interval "
                           "needs %d runs)%s; run more seeds", some(labels), n, what, n, 100 * 2.0 ** (1 - n),
                           100 * LEVEL, needed, iqm)


def add_improvement(table: Dict[str, Dict[str, Any]], scores: Dict[str, List[float]], vs: str, reps: int,
                    seed: int, labels: Optional[Dict[str, str]] = None, refused: Optional[str] = None) -> None:
    """Add :data:`IMPROVEMENT_COLUMNS` to each :func:`aggregate` row: the probability that a run of the config
    scores above a run of config ``vs`` (:func:`gym_loop.stats.probability_of_improvement`) and its ``LEVEL``
    bootstrap interval (None for a config without scores, and when it or ``vs`` has fewer runs than
    :func:`gym_loop.stats.min_runs`: no interval).

    Args:
        table: Config id -> its :func:`aggregate` row, changed in place.
        scores: Config id -> its scores in :func:`seed_order` (:func:`scores_by_config`).
        vs: The config every other is compared with.
        reps: Bootstrap repetitions.
        seed: Bootstrap seed.
        labels: Config id -> its label, as the errors name it (:func:`gym_loop.sweeps.plan.config_labels`).
        refused: The run of ``vs`` that refused its spec, if one did: a continued sweep refuses it again.

    Raises:
        SpecError: At ``--vs`` when ``vs`` is not a config of the sweep, or has no scored run.
    """
    from gym_loop.errors import SpecError, program, quoted
    from gym_loop.stats import improvement_ci, probability_of_improvement

    labels = {config: (labels or {}).get(config, config) for config in scores}
    if vs not in scores:
        raise SpecError("--vs", f"no config {vs!r} in this sweep; give one of its configs: "
                                f"{some(list(map(quoted, labels.values())))}")
    if not scores[vs]:
        first = (f"fix it in a new sweep ({refused} refused its spec, which a continued sweep keeps): {program()} "
                 "sweep -c SPEC --name NEW ...") if refused else "continue the sweep first"
        raise SpecError("--vs", f"config {labels[vs]} has no scored run yet, so no config can be compared with it; "
                                f"give another config, or {first}")
    for config, row in table.items():
        values = scores.get(config) or []
        probability = float(probability_of_improvement(values, scores[vs])) if values else None
        # either config with fewer runs than stats.min_runs: no interval (aggregate's warning names it)
        low, high = improvement_ci(values, scores[vs], reps=reps, seed=seed, level=LEVEL) if values else (None, None)
        row.update(vs=vs, p_improvement=probability, p_improvement_low=number(low) if values else None,
                   p_improvement_high=number(high) if values else None)


def unfinished_configs(rows: Sequence[Dict[str, Any]], command: str,
                       advice: Union[None, str, Dict[str, str]] = None) -> Dict[str, str]:
    """Config id -> why it has no score yet, for each config none of whose runs reached its end (a sweep stopped
    before any run of it ended): ``its 2 run(s) have not reached their end (2 interrupted); continue the sweep
    to train and score them: gym-loop sweep sweeps/lake``.

    Args:
        rows: ``scores.csv`` rows (:func:`score_table`): config and status of each run.
        command: The command that continues the sweep.
        advice: What to say instead of continuing the sweep (its driver is running: run this again when it ends);
            or config id -> it, for some configs only ("": every config; a run refused its spec, which a continued
            sweep would refuse again).
    """
    statuses: Dict[str, List[str]] = {}
    for row in rows:
        statuses.setdefault(row["config"], []).append(shown_status(row["status"]))
    why = {}
    for config, found in statuses.items():
        if any(status in runinfo.DONE for status in found):
            continue
        counts = ", ".join(f"{found.count(status)} {status}" for status in sorted(set(found)))
        retry = " --retry-failed" if "failed" in found else ""
        said = advice.get(config, advice.get("")) if isinstance(advice, dict) else advice
        why[config] = (f"its {len(found)} run(s) have not reached their end ({counts}); "
                       f"{said or f'continue the sweep to train and score them: {command}{retry}'}")
    return why


def aggregate_table(table: Dict[str, Dict[str, Any]], configs: Sequence[Any],
                    extra: Sequence[str] = ()) -> Tuple[List[str], List[Dict[str, Any]]]:
    """The columns and rows of ``aggregate.csv`` (and of ``gym-loop aggregate --format csv|json``): the config id,
    its values (one column per key the sweep's configs override), then :data:`AGGREGATE_COLUMNS`, then ``extra``.

    Args:
        table: Config id -> its :func:`aggregate` row.
        configs: The sweep's configs (:class:`gym_loop.sweeps.plan.Config`: ``id`` and ``overrides``).
        extra: Columns after those, e.g. :data:`IMPROVEMENT_COLUMNS` (:func:`add_improvement`).
    """
    overrides = {config.id: config.shown() for config in configs}  # 1e2 as 100, as the id and the run's spec
    keys = list(dict.fromkeys(key for values in overrides.values() for key in values))
    rows = [{"config": config, **overrides.get(config, {}), **row} for config, row in table.items()]
    return ["config", *keys, *AGGREGATE_COLUMNS, *extra], rows


def score_table(entries: Sequence[Dict[str, Any]], sweep_path: Path, kind: str) -> List[Dict[str, Any]]:
    """``scores.csv`` rows: config, seed, folder, status and score (see :func:`score_runs`).

    Raises:
        SpecError: A finished run's ``spec.yaml`` cannot be read (:func:`gym_loop.sweeps.runinfo.read_spec`).
    """
    scored = score_runs([sweep_path / entry["folder"] for entry in entries], kind)
    return [{"config": entry["config"], "seed": entry["seed"], "folder": entry["folder"], "status": (
        "failed" if status == "absent" and entry.get("status") == "failed" else status),  # refused at its spec check:
             "score": score, "kind": kind} for entry, (status, score) in zip(entries, scored)]  # failed, no folder


def warn_threshold_bias(threshold: Any, where: str) -> None:
    """Warn once that runs stopping at ``reward_threshold`` (set ``where``: in some configs, in a tune's spec) are
    scored by the very number that stopped them: chosen for meeting it, so biased upward."""
    logger.warning("loop.parameters.reward_threshold is %s %s: their runs stop as soon as an evaluation (or the mean "
                   "of the last 100 training returns) meets it, and are scored by that very number, picked for being "
                   "high, so their scores are biased upward; to compare configs, give --set "
                   "loop.parameters.reward_threshold=null", threshold, where)


def stale_final_evaluation(spec: Dict[str, Any]) -> Optional[str]:
    """Why a run of ``spec`` scored by its final evaluation would be scored before its end, or None.

    The loop evaluates after every ``episodes_per_eval`` episodes, not after the last one: with
    ``max_episodes`` not a multiple of it, the last evaluation is of an earlier episode; with ``max_steps``
    (and ``episodes_per_eval`` above 1), a run stops after whichever episode reaches it, between evaluations.
    """
    parameters = (spec.get("loop") or {}).get("parameters") or {}
    every, planned, steps = (parameters.get(name) for name in ("episodes_per_eval", "max_episodes", "max_steps"))
    if every and every > 1 and steps:
        longest = parameters.get("max_episode_len")  # its first `every` episodes may take max_steps: no evaluation
        first = (f"a run whose first {every} episodes take {steps} steps or more ends before its first evaluation and "
                 f"gets no score, and another's" if longest is None or steps < every * longest else "its")
        return (f"it stops at max_steps {steps}, after whichever episode reaches it, and evaluates "
                f"after every {every} episodes: {first} final evaluation can be up to {every - 1} "
                f"episode{'s' if every > 2 else ''} before the "
                "end of training; to score the end, give a budget in episodes (max_steps null, max_episodes a "
                "multiple of episodes_per_eval) or episodes_per_eval 1")
    if not every or not planned or planned % every == 0:
        return None
    if planned < every:
        return f"it never evaluates (max_episodes {planned} < episodes_per_eval {every}), so it gets no score"
    return (f"its final evaluation is after {planned // every * every} of {planned} episodes (max_episodes is not "
            f"a multiple of episodes_per_eval); make it one to score the end of training")


def _refuse_budget_before_first_evaluation(parameters: Dict[str, Any], config: str) -> None:
    """Refuse a ``max_episodes`` or ``max_steps`` below ``episodes_per_eval``: either ends every run before its
    first evaluation (an episode takes one step or more; VectorLoop's last vector step may count num_envs - 1
    episodes past ``max_steps``), so none would get a score. (``gym-loop train`` of such a
    spec warns, see :class:`gym_loop.run.Run`: a single run is not scored, and a resume may train it longer.)"""
    from gym_loop.errors import SpecError

    every, steps, planned = (parameters.get(name) for name in ("episodes_per_eval", "max_steps", "max_episodes"))
    if planned is not None and planned < every:
        raise SpecError("loop.parameters.max_episodes",
                        f"{planned} ends every run before episode {every}, its first periodic evaluation, so no "
                        f"run would get a final-eval score; raise max_episodes or lower episodes_per_eval "
                        f"(config {config})")
    if steps is not None and steps + (parameters.get("num_envs") or 1) - 1 < every:  # VectorLoop: its last vector
        raise SpecError("loop.parameters.max_steps",  # step's episodes, up to num_envs - 1 past max_steps
                        f"{steps} ends every run before episode {every}, its first periodic evaluation (an episode "
                        f"takes one step or more), so no run would get a final-eval score; raise max_steps or lower "
                        f"episodes_per_eval (config {config})")


def refuse_unscorable(spec: Dict[str, Any], kind: str, config: str) -> None:
    """Refuse a sweep config whose runs cannot be scored: its spec turns off the CSV file they are scored
    from, or (final-eval) it does not evaluate periodically.

    Args:
        spec: The config's complete spec (:func:`gym_loop.spec.resolve_spec`).
        kind: The sweep's score, ``final-eval`` (from ``evals_csv``) or ``last-100`` (from ``episodes_csv``).
        config: The config's id, for the message.

    Raises:
        SpecError: At ``loop.class`` for a loop of the original's kind (its own ``train()``, no episodes played
            for the run to record); at ``loop.parameters.<episodes_csv|evals_csv>`` when it is null; at
            ``loop.parameters.episodes_per_eval`` when a ``final-eval`` config never evaluates; at
            ``loop.parameters.max_episodes`` or ``max_steps`` when it ends every run before its first evaluation.
    """
    from gym_loop.errors import SpecError
    from gym_loop.gym_loop import _plays_episodes
    from gym_loop.resolve import resolve_class

    loop_class = resolve_class(spec["loop"]["class"])  # resolved by the spec's check already: cached
    if not _plays_episodes(loop_class):
        raise SpecError("loop.class", f"{loop_class.__name__} has its own train() (a loop of the original gym-loop's "
                                      "kind), which records no episodes.csv, so no run of the sweep could be scored; "
                                      "give it training_episodes() (see docs/loops.rst), or run it with gym-loop "
                                      f"train (config {config})")
    parameter, parameters = TABLE[kind], (spec.get("loop") or {}).get("parameters") or {}
    if kind == "final-eval" and not parameters.get("episodes_per_eval"):
        raise SpecError("loop.parameters.episodes_per_eval",
                        f"a sweep scores each run (final-eval) by its last periodic evaluation; give every "
                        f"config a number of episodes such as 10 instead of null (config {config})")
    if kind == "final-eval":
        _refuse_budget_before_first_evaluation(parameters, config)
    if parameters.get(parameter, "") is None:
        raise SpecError(f"loop.parameters.{parameter}",
                        f"a sweep scores each run ({kind}) from this file; give it a name such as "
                        f"{runinfo.default_table(parameter)} instead of null (config {config})")
