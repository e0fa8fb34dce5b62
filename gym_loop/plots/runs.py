"""Run folders read into arrays, and grouped into configs: runs whose specs differ only in the seed.

A PATH given to ``gym-loop plot`` is a run folder (it has ``spec.yaml`` and ``run.json``) or any
folder above run folders: a ``runs`` dir, a sweep, a tune folder. A sweep's runs are the runs its
``manifest.json`` plans, grouped by their config ids, exactly as ``gym-loop aggregate`` reads them
(:func:`gym_loop.sweeps.runinfo.sweep_runs`); a tune's are the runs of its trials on its tuning seeds
(:meth:`gym_loop.tuning.folder.TuneFolder.run_dirs`), grouped by the trial numbers of its ``trials.csv``;
other runs by their specs.
"""

import csv
import json
import logging
import os
import re
from array import array
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Dict, Iterable, List, Optional, Sequence, Tuple

import numpy as np

from gym_loop import DEFAULT_AGENT, DEFAULT_LOOP
from gym_loop.errors import GymLoopError, SpecError, program, quoted
from gym_loop.files import SWEEP_MANIFEST, TUNE_SETTINGS, printable, shown, whole_lists
from gym_loop.run_folder import cannot_read
from gym_loop.spec import apply_overrides, default_spec
from gym_loop.sweeps import runinfo
from gym_loop.sweeps.envs import warn_if_envs_differ
from gym_loop.sweeps.plan import config_labels, value_key
from gym_loop.sweeps.scores import seed_order, shown_status
from gym_loop.sweeps.state import SweepFolder, driver

logger = logging.getLogger(__name__)

TRIALS, TRIAL_LABEL = "trials.csv", "trial {}"  # a tune study's trials
NOT_CONFIG = ("seed", "runs_dir")  # spec keys that do not make runs different configs
MAX_LABEL_KEYS = 4  # a config differing in more keys is labelled by its folder: a legend is not a spec
EPISODE_COLUMNS, EVAL_COLUMNS = ("episode", "global_step", "return"), ("episode", "global_step", "mean_return")


class PlotError(GymLoopError):
    """Nothing to plot, or an option that does not fit the runs (exit code 2)."""

    exit_code = 2


class CannotRead(GymLoopError):
    """A run's ``episodes.csv`` or ``evals.csv`` cannot be read (permission denied, not UTF-8); ``run``: its folder."""

    def __init__(self, message: str, run: Path) -> None:
        super().__init__(message)
        self.run = run


@dataclass
class Run:
    """One run folder's spec, record and curves.

    Attributes:
        path: The run folder.
        spec: Its ``spec.yaml``.
        status: As :func:`gym_loop.sweeps.runinfo.status` reads it (``died`` for a run left ``running``).
        episodes: ``episodes.csv`` as columns ``episode``, ``global_step``, ``return`` (float arrays).
        evals: ``evals.csv`` as columns ``episode``, ``global_step``, ``mean_return``.
        config: ``(sweep folder, config id, position in the sweep)`` of a planned run of a sweep, else None.
        solved: ``run.json`` says it stopped because it met its ``reward_threshold``.
    """

    path: Path
    spec: Dict[str, Any]
    status: str
    episodes: Dict[str, np.ndarray]
    evals: Dict[str, np.ndarray]
    config: Optional[Tuple[Path, str, int]] = None
    solved: bool = False

    @property
    def evaluates(self) -> bool:
        """Whether the spec evaluates periodically (``loop.parameters.episodes_per_eval``)."""
        return bool(self.spec.get("loop", {}).get("parameters", {}).get("episodes_per_eval"))


@dataclass
class Config:
    """Runs of one config (seeds of the same spec), with the label the figures give it."""

    label: str
    runs: List[Run] = field(default_factory=list)
    pruned: bool = False  # a tune trial Optuna pruned: its runs stopped before the end of training


def load_configs(paths: Sequence[Path]) -> List[Config]:
    """The configs of every run folder at or under ``paths``, in the order the paths are given (a config
    whose runs lie under several paths at the first of them); the configs found under one path as
    :func:`group_configs` orders them.

    Raises:
        PlotError: A path holds no run folder.
        SpecError: A sweep's ``manifest.json`` or a run's ``spec.yaml`` cannot be read.
    """
    plans = SweepPlans()
    folders: Dict[Path, int] = {}  # in order, each once, with the position of the first path it is under
    missing: Dict[Path, int] = {}  # planned runs of a sweep without a run folder, likewise
    for position, path in enumerate(paths):
        found, planned = find_run_folders(Path(path), plans), plans.missing(Path(path))
        if not found and planned:
            sweeps = sorted({shown(plans.sweep(folder)) for folder in planned})  # as the user reaches it
            raise PlotError(f"no run folders under {path}: the {len(planned)} run(s) that sweep "
                            f"{', '.join(map(str, sweeps))} plans there have not started; "
                            + "; ".join(map(to_run, sweeps)))
        if not found:
            raise PlotError(f"no run folders under {path} (a run folder has {runinfo.SPEC} and {runinfo.RECORD}; "
                            "gym-loop train, sweep and tune make them)")
        folders.update({folder: position for folder in found if folder not in folders})
        missing.update({folder: position for folder in planned if folder not in missing})
    read, left_out = [], []  # a run whose CSV file cannot be read is left out, as runs ls and aggregate leave it
    for folder in folders:
        try:
            read.append(read_run(folder, plans.config(folder)))
        except CannotRead as error:
            left_out.append(error)
    if left_out and not read:
        raise left_out[0]
    for error in left_out:
        logger.warning("%s is left out: %s", error.run, error)
    configs = group_configs([*read, *(plans.missing_run(folder) for folder in missing)])
    folders.update(missing)
    runs = [run for config in configs for run in config.runs]  # those drawn: a tune's FAIL trials are left out
    warn_if_envs_differ(((run.spec.get("env") or {}).get("name") for run in runs), "their returns share one axis")
    unfinished = [run for run in runs if run.status not in ("finished", "pruned")]
    if unfinished:
        logger.info("%d of %d runs have not reached their end (%s): curves show their data so far", len(unfinished),
                    len(runs), ", ".join(sorted({shown_status(run.status) for run in unfinished})))
    return sorted(configs, key=lambda config: min(folders[run.path] for run in config.runs))  # stable


def to_run(sweep: str) -> str:
    """How the not-started runs of ``sweep`` get run: by its driver, when one is running, else by continuing it."""
    running = driver(Path(sweep))
    if running:
        return f"sweep {quoted(sweep)} is running ({running}): plot again when it ends"
    return f"to run them: {program()} sweep {quoted(sweep)}"


class SweepPlans:
    """The planned runs of each sweep met, each sweep's ``manifest.json`` read once; and of each tune met."""

    def __init__(self) -> None:
        self._plans: Dict[Path, Dict[Path, Tuple[str, int]]] = {}
        self._entries: Dict[Path, Tuple[Path, Dict[str, Any]]] = {}  # planned run folder -> (sweep, plan entry)
        self._bases: Dict[Path, Dict[str, Any]] = {}  # sweep -> its base spec, read for a planned run missing
        self._tunes: Dict[Path, set] = {}

    def tune(self, folder: Path) -> Optional[Path]:
        """The tune folder above run folder ``folder`` (the nearest holding a ``tune.json``), or None."""
        return runinfo.enclosing(folder, TUNE_SETTINGS)

    def tune_runs(self, tune: Path) -> set:
        """Every run folder of the tune's trials (resolved), as ``gym-loop tune`` makes them."""
        if tune not in self._tunes:
            from gym_loop.tuning.folder import TuneFolder

            try:
                self._tunes[tune] = {run.resolve() for run in TuneFolder(tune).run_dirs()}
            except SpecError as error:  # its tuning seeds unknown: every trials/<n>/seed-<s>, as runs ls reads it
                self._tunes[tune] = {run.resolve() for run in (tune / "trials").glob("*/seed-*")
                                     if run.parent.name.isdigit() and run.name[len("seed-"):].isdigit()}
                logger.warning("cannot read %s (%s): every trials/<n>/seed-<s> run folder below it is plotted (a "
                               "copy named so too); restore it from a copy of the tune", tune / TUNE_SETTINGS,
                               error.__cause__ or "it has no seeds")
        return self._tunes[tune]

    def stray(self, folder: Path) -> Optional[str]:
        """``sweep`` or ``tune`` if ``folder`` is inside one that does not plan it (a copy), else None."""
        sweep = self.sweep(folder)
        if sweep is not None:
            return None if folder in self.planned(sweep) else "sweep"
        tune = self.tune(folder)
        return None if tune is None or folder in self.tune_runs(tune) else "tune"

    def sweep(self, folder: Path) -> Optional[Path]:
        """The sweep folder above run folder ``folder`` (the nearest holding a ``manifest.json``), or None."""
        return runinfo.enclosing(folder, SWEEP_MANIFEST)

    def planned(self, sweep: Path) -> Dict[Path, Tuple[str, int]]:
        """Run folder -> (config id, the config's position) of every run the sweep plans."""
        if sweep not in self._plans:
            entries = runinfo.sweep_runs(sweep)
            order = {config: i for i, config in enumerate(dict.fromkeys(entry["config"] for entry in entries))}
            self._plans[sweep] = {(sweep / entry["folder"]).resolve(): (entry["config"], order[entry["config"]])
                                  for entry in entries}
            self._entries.update({(sweep / entry["folder"]).resolve(): (sweep, entry) for entry in entries})
        return self._plans[sweep]

    def missing(self, path: Path) -> List[Path]:
        """The planned runs at or under ``path`` of the sweeps met that have no run folder: not started, or moved
        away. ``gym-loop aggregate`` counts them as not started; so does plot."""
        path = path.resolve()
        return sorted(folder for plan in self._plans.values() for folder in plan
                      if (folder == path or path in folder.parents) and not _is_run(folder))

    def missing_run(self, folder: Path) -> "Run":
        """A planned run without a run folder: its planned spec, its status (``absent``) and no data."""
        sweep, entry = self._entries[folder]
        if sweep not in self._bases:
            self._bases[sweep] = SweepFolder(sweep).manifest().get("spec") or {}
        spec = apply_overrides(self._bases[sweep], [*entry["overrides"].items(), ("seed", entry["seed"])])
        return Run(folder, spec, runinfo.status(folder), _columns(None, EPISODE_COLUMNS, folder),
                   _columns(None, EVAL_COLUMNS, folder), self.config(folder))

    def config(self, folder: Path) -> Optional[Tuple[Path, str, int]]:
        """``(sweep, config id, position)`` of a run the sweep above ``folder`` plans; None for any other run."""
        sweep = self.sweep(folder)
        planned = self.planned(sweep).get(folder) if sweep else None
        return (sweep, *planned) if sweep and planned else None


def find_run_folders(path: Path, plans: Optional[SweepPlans] = None) -> List[Path]:
    """``path`` if it is a run folder, else every run folder below it (not looking inside run folders).

    Below ``path``, a run folder inside a sweep that its plan does not hold (a copy such as ``seed-1.bak``)
    is left out with a warning, as ``gym-loop aggregate`` leaves it out; so is one inside a tune that is not
    a run of its trials (``trials/<n>/seed-<s>`` of a tuning seed). A folder that lost its ``run.json``
    (:func:`gym_loop.sweeps.runinfo.lost_record`) is named in a warning too (a sweep's planned run is counted
    ``not started`` instead).
    """
    plans = plans or SweepPlans()
    if (sweep := plans.sweep(path.resolve() / SWEEP_MANIFEST)) is not None:  # at or above path: its planned runs
        plans.planned(sweep)  # count even without a run folder (SweepPlans.missing)
    if _is_run(path):
        return [path.resolve()]
    found: List[Path] = []
    strays: Dict[str, List[Path]] = {"sweep": [], "tune": []}
    lost: List[Path] = []
    for root, dirs, _ in os.walk(path):
        dirs.sort()
        if (Path(root) / SWEEP_MANIFEST).is_file():  # a sweep below path, perhaps without a run folder yet
            plans.planned(Path(root).resolve())
        for name in list(dirs):
            folder = (Path(root) / name).resolve()
            if _is_run(folder):
                dirs.remove(name)
                stray = plans.stray(folder)
                (found if stray is None else strays[stray]).append(folder)
            elif runinfo.lost_record(folder) and plans.config(folder) is None:  # a sweep's: counted not started
                dirs.remove(name)
                lost.append(folder)
    runinfo.warn_lost_records(lost)
    if strays["sweep"]:
        logger.warning("%d run folder(s) inside a sweep are not runs of its plan (copies?) and are left out, as "
                       "gym-loop aggregate leaves them out: %s", len(strays["sweep"]),
                       ", ".join(map(str, sorted(strays["sweep"]))))
    if strays["tune"]:
        logger.warning("%d run folder(s) inside a tune are not runs of its trials (trials/<n>/seed-<s> of its tuning "
                       "seeds; copies?) and are left out: %s", len(strays["tune"]),
                       ", ".join(map(str, sorted(strays["tune"]))))
    return sorted(found)


def _is_run(path: Path) -> bool:
    return not runinfo.unreadable(path) and runinfo.is_run_folder(path)


def read_run(path: Path, config: Optional[Tuple[Path, str, int]] = None) -> Run:
    """Read a run folder's spec, status (as ``gym-loop aggregate`` reads it), ``episodes.csv`` and ``evals.csv``
    (empty when absent).

    Args:
        path: The run folder.
        config: Its sweep config (:meth:`SweepPlans.config`), if it is a planned run of a sweep.

    Raises:
        SpecError: Its ``spec.yaml`` cannot be read (:func:`gym_loop.sweeps.runinfo.read_spec`).
    """
    spec = runinfo.read_spec(path)
    files, record = runinfo.run_files(path, spec), runinfo.read_record(path)
    return Run(path, spec, runinfo.status(path, record), _columns(files["episodes_csv"], EPISODE_COLUMNS, path),
               _columns(files["evals_csv"], EVAL_COLUMNS, path), config, runinfo.solved(record))


def _columns(path: Optional[Path], names: Tuple[str, ...], run: Path) -> Dict[str, np.ndarray]:
    """Columns ``names`` of a CSV file of ``run`` as float arrays; rows cut short (a run writing, a full disk) or
    holding a cell that is not a number are skipped. The file is streamed: only the arrays are held. Raises
    CannotRead if the file cannot be read."""
    values = array("d")
    if path is not None and path.is_file():
        try:
            with path.open(newline="", encoding="utf-8") as file:
                rows = whole_lists(file)
                header = next(rows, [])
                at = [len(header) - 1 - header[::-1].index(name) for name in names if name in header]  # as a dict
                for row in rows if len(at) == len(names) else ():
                    try:
                        values.extend([float(row[i]) for i in at])
                    except ValueError:
                        continue
        except (OSError, UnicodeDecodeError) as error:
            raise CannotRead(cannot_read(path, error), run) from error
    table = np.frombuffer(values, dtype=float).reshape(-1, len(names))
    return {name: table[:, i] for i, name in enumerate(names)}


def group_configs(runs: Iterable[Run]) -> List[Config]:
    """Group runs into configs: a sweep's by its config ids, a study's by trial number, else by spec without seed;
    each config's runs by seed (:func:`gym_loop.sweeps.scores.seed_order`)."""
    by_id: Dict[Tuple[Path, str], List[Run]] = {}
    order: Dict[Tuple[Path, str], Tuple[str, int]] = {}
    by_spec: Dict[Tuple, List[Run]] = {}
    failed: Dict[Path, set] = {}
    sweeps = set()  # those whose configs are labelled by config_labels, not trials
    defaults: Dict[Tuple[str, str], Optional[Dict]] = {}  # default specs by (agent, loop) class, made once each
    for run in runs:
        if run.config is not None:
            sweep, config_id, position = run.config
            key = (sweep, config_id)
            sweeps.add(sweep)
        else:
            found = trial_id(run.path)
            if found is None:
                by_spec.setdefault(_frozen(_flat(_with_defaults(run.spec, defaults))), []).append(run)
                continue
            sweep, config_id, position = found
            if trial_state(sweep, config_id) == "FAIL":  # stopped or failed: its runs are no result of its parameters
                failed.setdefault(sweep, set()).add(config_id)
                continue
            key = (sweep, TRIAL_LABEL.format(config_id))
        by_id.setdefault(key, []).append(run)
        order[key] = (str(sweep), position)
    # A sweep's configs in the order of its plan (the grid's, as gym-loop aggregate), a study's trials by
    # number, then the other configs by label.
    for study, numbers in failed.items():
        logger.info("%s: FAIL trial(s) %s left out (stopped or failed; a stopped trial is retried as a new one), as "
                    "Optuna's own plots leave them out", study, ",".join(sorted(numbers, key=int)))
    if failed and not by_id and not by_spec:  # the runs are there: say why none is drawn, not that none has data
        study, numbers = next(iter(failed.items()))
        raise PlotError(f"every trial of {study} with runs FAILed (trial(s) {','.join(sorted(numbers, key=int))}), "
                        f"and FAIL trials are left out: nothing to plot; see why in their logs "
                        f"({study}/trials/<n>/seed-*.log)")
    named = {sweep: config_labels(SweepFolder(sweep).configs()) for sweep in sweeps}
    configs = [_trial_config(key, by_id, named) for key in sorted(by_id, key=order.__getitem__)]
    labels = _spec_labels(list(by_spec))
    others = [Config(labels[key] or _common_name(members), members) for key, members in by_spec.items()]
    for config in configs + others:  # the order gym-loop aggregate takes runs in, so the intervals agree
        config.runs = _one_per_seed(config.label, sorted(config.runs, key=lambda run: seed_order(run.spec.get("seed"),
                                                                                                run.path)))
    return _distinct_labels(configs + sorted(others, key=lambda config: label_order(config.label)))


def _one_per_seed(label: str, runs: List[Run]) -> List[Run]:
    """The config's runs, of those with the same seed (one run trained again, or copied: the same episodes, not
    another draw) only the one furthest along (a finished one first, then the most episodes; of equals the first),
    with a warning naming them: the statistics take one run per seed."""
    by_seed: Dict[str, List[Run]] = {}
    for run in runs:
        if run.spec.get("seed") is not None:
            by_seed.setdefault(value_key(run.spec["seed"]), []).append(run)
    kept = {key: max(same, key=lambda run: (run.status == "finished", len(run.episodes["episode"])))
            for key, same in by_seed.items()}  # max keeps the first of equals
    for key, same in by_seed.items():
        if len(same) > 1:
            logger.warning("%s: runs %s have seed %s and the same spec: one run trained more than once (restarted, "
                           "or copied), counted once (%s, the furthest along); move the others away, or give a new "
                           "run another --seed", label, ", ".join(str(run.path) for run in same),
                           same[0].spec["seed"], kept[key].path)
    return [run for run in runs if run.spec.get("seed") is None or kept[value_key(run.spec["seed"])] is run]


def _trial_config(key: Tuple[Path, str], by_id: Dict, labels: Dict[Path, Dict[str, str]]) -> Config:
    """The config of ``key``'s runs; a pruned tune trial's is labelled so (``trial 5 (pruned)``) and marked, as is a
    trial of a running tune whose run was pruned before its worker wrote ``trials.csv``."""
    label, number = _id_label(key, by_id, labels), re.fullmatch(r"trial (\d+)", key[1])
    pruned = any(run.status == "pruned" for run in by_id[key])
    if number is None or not pruned and trial_state(key[0], number.group(1)) != "PRUNED":
        return Config(label, by_id[key])
    return Config(f"{label} (pruned)", by_id[key], pruned=True)


def trial_state(study: Path, number: str) -> Optional[str]:
    """The state (``COMPLETE``, ``PRUNED``, ``FAIL``...) of trial ``number`` in the study's ``trials.csv``, or None."""
    with (study / TRIALS).open(newline="", encoding="utf-8") as file:
        return next((row.get("state") for row in csv.DictReader(file) if row.get("number") == number), None)


def _distinct_labels(configs: List[Config]) -> List[Config]:
    """The configs, a label given to several of them followed by `` #2``, `` #3``... (figures key by label)."""
    counts: Dict[str, int] = {}
    for config in configs:
        config.label = printable(config.label)  # a folder's name that this locale could not read (figures need text)
        counts[config.label] = counts.get(config.label, 0) + 1
        if counts[config.label] > 1:
            config.label = f"{config.label} #{counts[config.label]}"
    return configs


def label_order(label: str) -> Tuple[int, Any]:
    """Sort key: trials by number (``trial 2`` before ``trial 10``), then other labels as text."""
    trial = re.fullmatch(r"trial (\d+)( \(pruned\))?", label)
    return (0, int(trial.group(1))) if trial else (1, label)


def trial_id(run_path: Path) -> Optional[Tuple[Path, str, int]]:
    """``(study folder, trial number, its row)`` of a run below a tune study's ``trials.csv``, else None.

    The first column of the table holds the trial numbers; the number is the name of a folder between
    the table and the run.
    """
    study = runinfo.enclosing(run_path, TRIALS)
    if study is None:
        return None
    ids = _first_column(study / TRIALS)
    return next(((study, part, ids[part]) for part in run_path.relative_to(study).parts if part in ids), None)


def _first_column(table: Path) -> Dict[str, int]:
    """The ids of the table's first column, each with its row number."""
    with table.open(newline="", encoding="utf-8") as file:
        return {row[0]: number for number, row in enumerate(list(csv.reader(file))[1:]) if row}


def _id_label(key: Tuple[Path, str], by_id: Dict, labels: Dict[Path, Dict[str, str]]) -> str:
    """A sweep config's label (:func:`gym_loop.sweeps.plan.config_labels`) or a trial's, after its folder's name
    when the configs come from several sweeps or tunes."""
    sweeps = {sweep for sweep, _ in by_id}
    sweep, config_id = key
    label = labels.get(sweep, {}).get(config_id, config_id)
    return label if len(sweeps) == 1 else f"{sweep.name}/{label}"


def _with_defaults(spec: Dict[str, Any], defaults: Dict[Tuple[str, str], Optional[Dict]]) -> Dict[str, Any]:
    """``spec`` with the agent and loop parameters it lacks at their defaults (a run of an earlier gym-loop, written
    before those keys existed, is the same config as a run of this one, as a resume compares them), for classes of
    gym-loop's own only: no code named by a run folder is imported to plot it."""
    own = {section: str(value.get("class", "")) for section in ("agent", "loop")
           if isinstance(value := spec.get(section), dict) and str(value.get("class", "")).startswith("gym_loop.")
           and isinstance(value.get("parameters") or {}, dict)}
    if not own:
        return spec
    classes = (own.get("agent", DEFAULT_AGENT), own.get("loop", DEFAULT_LOOP))
    if classes not in defaults:
        try:
            defaults[classes] = default_spec(*classes, policy=False)
        except GymLoopError:  # a class of gym-loop's that this version does not have
            defaults[classes] = None
    if defaults[classes] is None:
        return spec
    return {**spec, **{section: {**spec[section], "parameters": {
        **defaults[classes][section]["parameters"], **(spec[section].get("parameters") or {})}} for section in own}}


def _flat(spec: Any, prefix: str = "") -> Dict[str, Any]:
    """``{"agent.parameters.learning_rate": 0.1, ...}`` without the keys that do not make a config."""
    if not isinstance(spec, dict) or (not spec and prefix):
        return {prefix[:-1]: spec}
    flat = {}
    for key, value in spec.items():
        if not prefix and key in NOT_CONFIG:
            continue
        flat.update(_flat(value, f"{prefix}{key}."))
    return flat


def _frozen(flat: Dict[str, Any]) -> Tuple:
    """The spec as a key: equal numbers (``0`` and ``0.0``) give one key, as in a sweep's axes."""
    return tuple(sorted((key, value_key(value)) for key, value in flat.items()))


def _spec_labels(keys: List[Tuple]) -> Dict[Tuple, str]:
    """Each spec's keys whose values differ between the specs, as ``key=value, ...``.

    Floats are shown to 4 significant digits, or in full where that would give two specs one label.
    A key the spec does not have is left out (specs of different agents); a label of more than
    ``MAX_LABEL_KEYS`` keys, or none (one spec), is '': the config is then named by its folder.
    """
    specs = [dict(key) for key in keys]
    differing = sorted({name for spec in specs for name in spec
                        if any(other.get(name) != spec[name] for other in specs)})
    shown = {key: [name for name in differing if name in spec] for key, spec in zip(keys, specs)}
    shown = {key: names if len(names) <= MAX_LABEL_KEYS else [] for key, names in shown.items()}
    for digits in (4, None):
        labels = {key: ", ".join(f"{name}={_short(spec[name], digits)}" for name in shown[key])
                  for key, spec in zip(keys, specs)}
        if len(set(labels.values())) == len(labels):
            break
    return labels


def _short(text: str, digits: Optional[int] = 4) -> str:
    """A value for a label: JSON text, with floats to ``digits`` significant digits (None: in full)."""
    value = json.loads(text)
    return f"{value:.{digits}g}" if isinstance(value, float) and digits else text.strip('"')


def _common_name(runs: List[Run]) -> str:
    """A one-config label: the folder holding all its runs (a sweep's config folder), or the run's own."""
    if len(runs) == 1:
        return runs[0].path.name
    return Path(os.path.commonpath([str(run.path) for run in runs])).name
