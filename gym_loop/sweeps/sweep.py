"""A sweep from start to end: check the plan, make or reopen its folder, decide each run's action, run, score.

Everything a user can get wrong (spec, seeds, grid, a config's values) is checked before anything is
created. Re-running the same command, or ``gym-loop sweep SWEEP_DIR``, continues a sweep: finished
runs are skipped, interrupted or dead runs resume from their latest checkpoint (``train --resume``) or
restart without one, failed runs are skipped unless ``retry_failed``.
"""

import json
import logging
import os
import shutil
import signal
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Dict, List, Optional, Sequence, Set, Tuple

from gym_loop import __version__
from gym_loop.errors import SpecError, program, quoted
from gym_loop.files import first_free, on_disk, recorded, write_atomically
from gym_loop.run_folder import ID_FILE, run_name
from gym_loop.spec import drops
from gym_loop.sweeps import runinfo
from gym_loop.sweeps.drift import check_base_spec, warn_runs_off_plan
from gym_loop.sweeps.envs import check_envs
from gym_loop.sweeps.extend import announce_added
from gym_loop.sweeps.launch import Job, drive
from gym_loop.sweeps.plan import Run, check_name, expand, parse_grid, parse_seeds, parse_zip, refuse_run_keys
from gym_loop.sweeps.plan import class_lacks, config_labels, refuse_set_twice, warn_unused_seed
from gym_loop.sweeps.scores import (AGGREGATE_COLUMNS, aggregate, aggregate_table, default_kind, refuse_unscorable,
                                    score_table, scores_by_config, some, stale_final_evaluation,
                                    unfinished_configs, warn_threshold_bias)
from gym_loop.sweeps.state import AGGREGATE, FORMAT, SCORES, SweepFolder, cell, entry, to_csv

logger = logging.getLogger(__name__)

DEFAULT_SEEDS = "0-4"
DEFAULT_REPS = 2000
DEFAULT_BOOTSTRAP_SEED = 0
TO_RUN = ("start", "resume", "restart")
STOPPED_CODES = (130, 143, -signal.SIGINT, -signal.SIGTERM)  # a run's exit on Ctrl-C or SIGTERM
STATE_SECONDS = 0.5  # at most two state.json writes a second while runs start and end
ALL = ""  # no config id: a refusal that stops every config


@dataclass
class Request:
    """What the user asked for on the command line."""

    spec: Optional[Path] = None
    sweep_dir: Optional[Path] = None
    name: Optional[str] = None
    sweeps_dir: Path = Path("sweeps")
    seeds: str = DEFAULT_SEEDS
    grids: Sequence[str] = ()
    zips: Sequence[str] = ()
    sets: Sequence[str] = ()
    retry_failed: bool = False


@dataclass
class Plan:
    """A checked sweep: its folder, its manifest, its runs and what to do with each."""

    sweep: SweepFolder
    manifest: Dict[str, Any]
    spec_text: str
    runs: List[Run]
    actions: List[Tuple[Run, str]] = field(default_factory=list)


@dataclass
class Outcome:
    """How a sweep ended: each run's status, the runs not finished, the aggregate rows."""

    statuses: Dict[str, str]
    unfinished: List[str]
    aggregate: Dict[str, Dict[str, Any]]
    errors: Dict[str, str] = field(default_factory=dict)  # failed run -> its Error: line, if it has one
    refused: List[str] = field(default_factory=list)  # runs that refused their spec (exit 2): none of its config ran
    halted: bool = False  # whether the first stopped the sweep (its refusal was of no key an axis sets)


def plan(request: Request) -> Plan:
    """Check everything and build the plan; nothing is created.

    Raises:
        SpecError: The spec, seeds, grid or a config is wrong, or the name holds a different sweep.
    """
    if request.sweep_dir is not None:
        sweep = SweepFolder(request.sweep_dir)
        problem = SweepFolder.problem(sweep.path)
        if problem:
            raise SpecError("SWEEP_DIR", problem)
        manifest = sweep.manifest()
        try:
            spec_text = sweep.spec_path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as error:  # deleted, or damaged: as a changed one (drift.check_base_spec)
            why = getattr(error, "strerror", None) or error
            raise SpecError("SWEEP_DIR", f"{sweep.spec_path} cannot be read ({why}); restore it (manifest.json's "
                                         f"\"spec\" is the original), or start a new sweep: {program()} sweep -c "
                                         "SPEC --name NEW ...") from error
        return Plan(sweep, manifest, spec_text, sweep.plan())
    check_name(request.name, "--sweeps-dir")
    manifest, spec_text, configs = _new_manifest(request)
    sweep = SweepFolder(Path(request.sweeps_dir) / (request.name or run_name(Path(request.spec))))
    if sweep.foreign(spec_text, configs):
        raise SpecError("--name", f"{sweep.path} is not empty and is not a sweep (it has no manifest.json); "
                                  "give a new --name, or another --sweeps-dir")
    if sweep.exists():
        refusal = sweep.refusal(manifest)
        if refusal:
            raise SpecError("--name", refusal)
        return Plan(sweep, sweep.manifest(), spec_text, sweep.plan())  # its configs by the ids its folders have
    return Plan(sweep, manifest, spec_text, [Run(config, seed) for config in configs for seed in manifest["seeds"]])


def decide(plan_: Plan, retry_failed: bool) -> None:
    """Fill ``plan_.actions``: what to do with each run, from its folder.

    Raises:
        SpecError: Runs would start from a ``SWEEP_DIR/spec.yaml`` edited since the sweep was made.
    """
    starting = runinfo.starting_trains()
    plan_.actions = [(run, _action(plan_.sweep.run_dir(run), retry_failed, starting)) for run in plan_.runs]
    for run, action in plan_.actions:  # before anything changes: a run folder to write is the sweep's own
        if action in (*TO_RUN, "recover"):
            plan_.sweep.own_run_dir(run)
    if plan_.sweep.exists() and any(action in ("start", "restart") for _, action in plan_.actions):
        check_base_spec(plan_.sweep, plan_.manifest)  # new runs start from SWEEP_DIR/spec.yaml
    if any(action in TO_RUN for _, action in plan_.actions):
        if plan_.sweep.exists():
            _refuse_missing_code(plan_)
        _warn_changed_code(plan_)
    _warn_inexact_resumes(plan_)
    warn_runs_off_plan(plan_.sweep, plan_.manifest, plan_.runs)


def _refuse_missing_code(plan_: Plan) -> None:
    """Refuse a continued sweep whose runs would not find a class file or a local env module where they start (a
    sweep made on another machine, or in a folder since moved): each run would refuse its spec."""
    from gym_loop.spec import apply_overrides
    from gym_loop.sweeps.envs import refuse_missing_code

    for config in _configs(plan_.runs):
        refuse_missing_code(apply_overrides(plan_.manifest["spec"], config.assignments()), _runs_cwd(plan_.manifest),
                            ("this sweep's runs start", "made", plan_.manifest.get("cwd")),
                            f"continue: {resume_command(plan_.sweep)}")


def _runs_cwd(manifest: Dict[str, Any]) -> str:
    """The directory a sweep's runs start in: the one it was made in, if it is on this machine, else this one."""
    cwd = on_disk(manifest["cwd"]) if isinstance(manifest.get("cwd"), str) else None
    return os.path.abspath(cwd) if cwd and os.path.isdir(cwd) else os.getcwd()


def _warn_changed_code(plan_: Plan) -> None:
    """Warn once if a file class (an agent in ``myagent.py``) changed since runs of this sweep trained with it."""
    for file, count in runinfo.changed_files(map(plan_.sweep.run_dir, plan_.runs)).items():
        logger.warning("%s changed since %d run(s) of this sweep trained with it: the sweep would mix two versions "
                       "of the code; to run every seed on the new one, give a new --name", file, count)


def _warn_inexact_resumes(plan_: Plan) -> None:
    """Warn once if runs to resume play a ``VectorLoop``, whose resume starts its sub-envs' episodes over."""
    count = sum(runinfo.plays_vector_loop(plan_.sweep.run_dir(run)) for run, action in plan_.actions
                if action == "resume")
    if count:
        logger.warning("%d VectorLoop run(s) of this sweep resume from a checkpoint: their sub-envs' episodes in "
                       "progress start over (a vector env's state cannot be saved), so the sweep will not equal "
                       "one that ran through", count)


def execute(plan_: Plan, backend: Any, parallel: int) -> Outcome:
    """Create the sweep folder if new, run what the plan says, write the state, the scores and the aggregate.

    Raises:
        KeyboardInterrupt: After passing it on to the running runs and writing the state.
    """
    sweep = plan_.sweep
    if not sweep.exists():
        sweep.create(plan_.manifest, plan_.spec_text, _configs(plan_.runs))
    elif plan_.manifest != sweep.manifest():  # seeds added (gym-loop sweep SWEEP_DIR --add-seeds)
        before = sweep.manifest()
        sweep.replace_manifest(plan_.manifest)
        announce_added(before, plan_.manifest, sweep)
    sweep.restore_configs(_configs(plan_.runs))
    for run, action in plan_.actions:
        if action == "recover":
            _rebuild_record(sweep.run_dir(run), run, plan_.manifest.get("cwd"), finished=True)
    before = sweep.load_state()
    entries = {run.key: entry(sweep, run, _initial_status(sweep, run, action),
                              before.get(run.key, {}).get("exit_code") if action not in TO_RUN else None)
               for run, action in plan_.actions}
    sweep.save_state(entries)
    save = _throttled(lambda: sweep.save_state(entries))
    runs = {run.key: run for run, _ in plan_.actions}
    jobs = [_job(plan_, run, action) for run, action in plan_.actions if action in TO_RUN]

    def started(job: Job) -> None:
        entries[job.key]["status"] = "running"
        save()
        logger.info("%s: started", job.key)

    refused: Dict[str, str] = {}  # config id (or ALL) -> the new run (train -c) that refused its spec

    def ended(job: Job, code: Optional[int]) -> None:
        config = runs[job.key].config.id
        if code == 2 and job.args[1] == "-c" and config not in refused:
            refused[_refused_scope(plan_.manifest, config, Path(job.log))] = job.key
        status = runinfo.status(sweep.run_dir(runs[job.key]))
        late = status in runinfo.DONE and code in STOPPED_CODES  # a stop passed on as the run ended: it had finished
        entries[job.key].update(status=_ended_status(status, code), exit_code=0 if late else code)
        save()
        error = runinfo.error_line(Path(job.log)) if code != 0 and not late else None
        logger.log(logging.INFO if code == 0 or late else logging.WARNING, "%s: %s (exit %s%s, log %s)%s",
                   job.key, entries[job.key]["status"], code, ": the stop reached it after its end" if late else "",
                   job.log, f": {error}" if error else "")

    others = _still_busy([sweep.run_dir(run) for run, action in plan_.actions if action == "busy"], parallel)
    try:
        drive(jobs, backend, parallel, started, ended, others,
              halted=lambda job: ALL in refused or runs[job.key].config.id in refused)
    finally:
        outcome = _score(plan_, entries, list(refused.values()), ALL in refused)
    return outcome


def _refused_scope(manifest: Dict[str, Any], config: str, log: Path) -> str:
    """What a new run of ``config`` that refused its spec (its error in ``log``) stops: a key an axis sets is its
    config's alone (the others have other values there), so ``config``; any other, every run would refuse: ALL."""
    key = (runinfo.error_line(log) or "").partition("Error: ")[2].partition(":")[0]
    return config if any(drops(axis_key, key) for axis in manifest["axes"] for axis_key in axis["keys"]) else ALL


def refusals(sweep: SweepFolder, entries: List[Dict[str, Any]]) -> Dict[str, str]:
    """Config id (or ALL) -> the first new run of ``entries`` (:func:`gym_loop.sweeps.runinfo.sweep_runs`, in
    order) that refused its spec, as ``state.json`` says (failed with exit 2, and no run folder: refused at its spec
    check), for ``gym-loop aggregate`` to say what the sweep said; such an entry's status is set to failed."""
    state, runs, manifest = sweep.load_state(), {run.key: run for run in sweep.plan()}, sweep.manifest()
    refused: Dict[str, str] = {}
    for found in entries:
        key = f"{found['config']}/seed-{found['seed']}"
        saved = state.get(key) or {}
        if saved.get("status") == "failed" and saved.get("exit_code") == 2 and key in runs and not (
                sweep.path / found["folder"]).exists():
            found["status"] = "failed"
            refused.setdefault(_refused_scope(manifest, found["config"], sweep.log_path(runs[key])), key)
    return refused


def _still_busy(folders: List[Path], parallel: int) -> Callable[[], int]:
    """How many of ``folders`` (runs another process runs: a killed driver's live on) are busy still, each
    asked until it is not; they count against ``--jobs``, so no more than ``parallel`` runs run at once."""
    left = list(folders)
    if left:
        logger.info("%d run(s) of another process (an earlier driver's) still running count against --jobs %d",
                    len(left), parallel)

    def count() -> int:
        if left:
            starting = runinfo.starting_trains()
            left[:] = [folder for folder in left if runinfo.busy(folder, starting)]
        return len(left)

    return count


def _throttled(save: Callable[[], None]) -> Callable[[], None]:
    """``save``, skipped when the last call that saved was less than ``STATE_SECONDS`` ago.

    ``state.json`` is a summary (each run folder's ``run.json`` is the truth a resumed sweep reads),
    and the final state is always written, so a sweep of many tiny runs need not rewrite it per run.
    """
    last = [-STATE_SECONDS]

    def maybe_save() -> None:
        if time.monotonic() - last[0] >= STATE_SECONDS:
            save()
            last[0] = time.monotonic()

    return maybe_save


def resume_command(sweep: SweepFolder) -> str:
    return f"{program()} sweep {quoted(sweep.path)}"


def _new_manifest(request: Request) -> Tuple[Dict[str, Any], str, List[Any]]:
    from gym_loop.spec import apply_overrides, paths_inside, refuse_files_found_elsewhere, resolve_spec, run_spec
    from gym_loop.spec import spec_given
    from gym_loop.run_paths import shared_paths
    from gym_loop.yaml_safety import dump

    seeds = parse_seeds(request.seeds)
    axes = [*map(parse_grid, request.grids), *map(parse_zip, request.zips)]
    for axis in axes:
        refuse_run_keys(f"--{axis.kind}", axis.keys)
    refuse_run_keys("--set", (assignment.partition("=")[0] for assignment in request.sets))
    for axis in axes:
        refuse_set_twice(request.sets, axis.keys, f"on a --{axis.kind} axis, which sets it in every config")
    configs = expand(axes)
    labels = config_labels(configs)  # messages name a config as tables do
    # The spec as given: each run completes it with its config's classes' defaults (a grid over agent.class).
    spec = spec_given(request.spec, request.sets)
    warn_unused_seed(spec, request.spec, seeds, request.seeds, "sweep")
    try:
        complete = resolve_spec(spec)
    except SpecError:  # the base alone may lack what every config gives (max_episodes: null, a grid over max_steps)
        if not axes:
            raise
        complete = None  # the first config's, checked below (an error there names its config)
    envs, shared, thresholds = [], [], []
    runs = Path(request.sweeps_dir) / (request.name or run_name(Path(request.spec))) / "runs"
    for config in configs:
        try:
            configured = apply_overrides(spec, config.assignments())
            refuse_files_found_elsewhere(configured, Path(request.spec))  # a --grid over agent.class
            checked = run_spec(configured)
            paths_inside(checked, runs / config.id / f"seed-{seeds[0]}")  # as train checks each run's paths
            shared.extend(warning for warning in shared_paths(checked) if warning not in shared)
            config_spec = checked.to_dict()
        except SpecError as error:
            lacks = class_lacks(error, spec, dict(config.overrides), "sweep")
            raise SpecError(error.key, f"{lacks or error.problem} (config {labels[config.id]})") from error
        complete = complete or config_spec
        refuse_unscorable(config_spec, default_kind(complete), labels[config.id])
        envs.append((checked, f" (config {labels[config.id]})"))
        stale = stale_final_evaluation(config_spec) if default_kind(complete) == "final-eval" else None
        if stale:
            logger.warning("config %s: %s", labels[config.id], stale)
        thresholds += [config_spec["loop"]["parameters"].get("reward_threshold")]
    if thresholds := [value for value in thresholds if value is not None]:  # each value given, once: 0.5 or 0.9
        warn_threshold_bias(some([str(value) for value in dict.fromkeys(thresholds)], separator=" or "),
                            f"in {len(thresholds)} of {len(configs)} configs")
    for warning in shared:  # once for the sweep, whose runs would write there at once
        logger.warning("%s", warning)
    check_envs(envs)
    manifest = {"format": FORMAT, "version": __version__, "created": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
                "command": ["gym-loop", *map(recorded, sys.argv[1:])], "cwd": recorded(os.getcwd()), "spec": spec,
                "set": list(request.sets), "seeds": seeds, "axes": [axis.as_dict() for axis in axes],
                "score": default_kind(complete)}
    return manifest, dump(spec, unicode=False), configs


def _action(folder: Path, retry_failed: bool, starting: Set[str]) -> str:
    record = runinfo.read_record(folder)
    status = runinfo.status(folder, record)
    if status in runinfo.DONE:
        return "skip"
    if runinfo.busy(folder, starting):
        return "busy"  # under the sweep's lock, a run that outlived its driver (killed with kill -9)
    if status == "absent" and not folder.exists():
        return "start"
    if status == "failed" and not retry_failed:
        return "skip-failed"
    if status in ("unreadable", "absent") and runinfo.at_planned_end(folder):  # absent: run.json deleted
        return "recover"  # finished: its run.json is rebuilt as such, nothing runs
    return "resume" if runinfo.has_checkpoint(folder) else "restart"


def _initial_status(sweep: SweepFolder, run: Run, action: str) -> str:
    if action == "busy":
        return "running"
    return "pending" if action in TO_RUN else runinfo.status(sweep.run_dir(run))


def _ended_status(status: str, code: Optional[int]) -> str:
    """A run's status in ``state.json`` once its process ended with ``code``, its folder saying ``status``.

    A run that ended before writing ``run.json`` (or without closing it: ``died``) is ``interrupted`` if Ctrl-C or
    SIGTERM stopped it (during its start-up, say: the next ``gym-loop sweep`` starts it again), ``failed``
    if it refused its spec or failed, ``busy`` if another process held it, else ``died``.
    """
    if status in ("absent", "unreadable", "running", "died"):
        if code in STOPPED_CODES:
            return "interrupted"
        return {1: "failed", 2: "failed", 3: "busy"}.get(code, "died")
    return status


def _job(plan_: Plan, run: Run, action: str) -> Job:
    sweep = plan_.sweep
    folder = Path(os.path.abspath(sweep.own_run_dir(run)))  # not resolved: a link is refused, never followed
    if action == "resume":
        args = ("train", "--resume", str(folder))
        if runinfo.status(folder) in ("unreadable", "absent"):  # absent: deleted, its checkpoints kept
            _rebuild_record(folder, run, plan_.manifest.get("cwd"))
    else:
        if folder.exists():
            shutil.rmtree(folder)
        folder.parent.mkdir(parents=True, exist_ok=True)
        args = ("train", "-c", str(sweep.spec_path.resolve()), "--run-dir", str(folder), "--seed", str(run.seed),
                *(part for assignment in run.config.assignments() for part in ("--set", assignment)))
    args += ("--hparam", "sweep.config", run.config.id)  # named in TensorBoard's HParams
    return Job(run.key, args, _runs_cwd(plan_.manifest), str(sweep.log_path(run).resolve()))


def _rebuild_record(folder: Path, run: Run, cwd: Optional[str], finished: bool = False) -> None:
    """Replace a ``run.json`` that cannot be read (kept as ``run.json.unreadable``), or was deleted, by one rebuilt
    from the sweep's plan: recorded ``finished`` if its latest checkpoint is at its planned end (``finished``), else
    ``interrupted``, so ``train --resume`` continues the run from its latest checkpoint."""
    record = folder / runinfo.RECORD
    missing = not record.exists()
    if not missing:
        os.replace(record, first_free(folder / f"{runinfo.RECORD}.unreadable"))
    try:
        run_id = (runinfo.run_file(folder, "checkpoint_dir") / ID_FILE).read_text(encoding="utf-8").strip() or None
    except (OSError, SpecError):  # no run id; a spec that cannot be read: its resume says so
        run_id = None
    logger.warning("%s: run.json %s; rebuilt from the sweep's plan%s%s", run.key,
                   "is missing" if missing else "cannot be read",
                   ", finished: its latest checkpoint is at its planned end" if finished else "",
                   "" if missing else " (the old one is kept beside it)")
    write_atomically(record, json.dumps({
        "status": "finished" if finished else "interrupted",
        "reason": f"{'its latest checkpoint is at its planned end; ' if finished else ''}run.json "
                  f"{'was missing' if missing else 'could not be read'}; rebuilt by gym-loop sweep",
        "seed": run.seed, "cwd": cwd, "command": None, "started": None, "ended": None, "resumed": [],
        "id": run_id, "pid": None, "host": None, "rebuilt": time.strftime("%Y-%m-%dT%H:%M:%S%z")}, indent=2) + "\n")


def _configs(runs: Sequence[Run]) -> List[Any]:
    return list({run.config.id: run.config for run in runs}.values())


def _score(plan_: Plan, entries: Dict[str, Dict[str, Any]], refused: Sequence[str] = (),
           halted: bool = False) -> Outcome:
    """Write ``scores.csv`` and ``aggregate.csv`` with the default score; put each run's score in the state.
    ``refused``: the runs that refused their spec, which stopped their configs (the sweep: ``halted``)."""
    sweep, kind = plan_.sweep, plan_.manifest.get("score") or default_kind(plan_.manifest["spec"])
    rows = score_table(list(entries.values()), sweep.path, kind)
    for row, key in zip(rows, entries):
        entries[key]["score"] = row["score"]
        if entries[key]["status"] == "running" and row["status"] not in ("absent", "unreadable"):
            entries[key]["status"] = row["status"]  # a busy run of another process, as its folder says now
    sweep.write_table(SCORES, to_csv(["config", "seed", "folder", "status", "score", "kind"], rows))
    by_config = scores_by_config(rows, [config.id for config in _configs(plan_.runs)])
    table = aggregate(by_config, DEFAULT_REPS, DEFAULT_BOOTSTRAP_SEED, kind,
                      unfinished_configs(rows, resume_command(sweep), refused and
                                         f"{refused[0]} refused its spec (said below)"),
                      config_labels(_configs(plan_.runs)))
    sweep.write_table(AGGREGATE, aggregate_csv(table, _configs(plan_.runs)))
    sweep.save_state(entries)
    unfinished = [key for key, value in entries.items() if value["status"] not in runinfo.DONE]
    logs = {run.key: sweep.log_path(run) for run in plan_.runs}
    errors = {key: line for key in unfinished if entries[key]["status"] == "failed"
              and (line := runinfo.error_line(logs[key])) is not None}
    return Outcome({key: value["status"] for key, value in entries.items()}, unfinished, table, errors, list(refused),
                   halted)


def aggregate_csv(table: Dict[str, Dict[str, Any]], configs: Sequence[Any]) -> str:
    """``aggregate.csv``: config id, its overrides, then :data:`AGGREGATE_COLUMNS`."""
    columns, rows = aggregate_table(table, configs)
    values = columns[1:len(columns) - len(AGGREGATE_COLUMNS)]
    return to_csv(columns, [{**row, **{key: cell(row[key]) for key in values if key in row}} for row in rows])
