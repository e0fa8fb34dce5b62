"""``gym-loop tune``: check the inputs, set up the tune folder, run the workers, write the results."""

import contextlib
import dataclasses
import importlib
import json
import logging
import os
import shutil
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any, Dict, List, Optional, Tuple

from gym_loop.errors import GymLoopError, RunStopped, SpecError, Terminated, program
from gym_loop.files import write_atomically
from gym_loop.lock import held
from gym_loop.sweeps.launch import python_module, this_gym_loop
from gym_loop.tuning.folder import LOCK_FILE, TuneFolder

logger = logging.getLogger(__name__)

# Seconds the driver waits after the Ray workers ended, before it disconnects: their last lines reach it through
# Ray's log monitor, which polls their files every 0.1 s (Ray itself waits 0.5 s when a driver's interpreter exits).
LOG_GRACE = 0.5
NUM_ENVS = "loop.parameters.num_envs"  # VectorLoop's: its runs may count episodes past max_steps (longest_run)


@dataclasses.dataclass
class TuneOptions:
    """The options of ``gym-loop tune`` (see :doc:`/tuning`)."""

    run_config: Path
    space: Path
    trials: int
    seeds: List[int]
    name: Optional[str] = None
    tunes_dir: Path = Path("tunes")
    jobs: int = 1
    backend: str = "local"
    address: Optional[str] = None
    sampler: str = "tpe"
    sampler_seed: Optional[int] = None
    pruner: str = "median"
    storage: Optional[str] = None
    timeout: Optional[float] = None
    quiet: bool = False
    sets: Tuple[str, ...] = ()


def run_tune(options: TuneOptions) -> str:
    """Run (or continue) a tune until its study counts ``options.trials`` trials.

    Returns:
        The closing message: the best trial, ``best.yaml`` and the sweep command that
        re-evaluates it on fresh seeds.

    Raises:
        SpecError: optuna (or ray) missing, a bad spec or space, a spec without ``episodes_per_eval``,
            or a re-run with other inputs than the tune's.
        Locked: Another ``gym-loop tune`` runs in the same tune folder.
        GymLoopError: A worker gave up after trials failed in a row, could not write a file, or was killed.
        RunStopped: Ctrl-C (exit 130) or SIGTERM (143) stopped the study.
    """
    _require("optuna", "gym-loop tune needs optuna", "tune")
    if options.backend == "ray":
        # The workers' lines as they write them, without Ray's coloured "(ray_worker pid=...)" prefix, and every
        # one of them: Ray's deduplication holds back a line of one worker that differs from another's only in its
        # numbers ("trial 4: ... -> 0.5"), keeps only the last of several, and loses them when the driver
        # disconnects. Ray reads these when it is imported. A value the user set is kept.
        os.environ.setdefault("RAY_DISABLE_WORKER_LOG_PREFIX", "1")
        os.environ.setdefault("RAY_DEDUP_LOGS", "0")
        _require("ray", "gym-loop tune --backend ray needs ray", "ray")
    from gym_loop.spec import paths_inside, run_spec, spec_given
    from gym_loop.sweeps.plan import check_name
    from gym_loop.tuning.space import TRIAL_RUN, budgeted, load_space, read_space

    base = spec_given(options.run_config, options.sets)
    from gym_loop.run_folder import run_name

    tune_dir = Path(options.tunes_dir).expanduser().resolve() / (options.name or run_name(options.run_config))
    starts = (TuneFolder(tune_dir).settings() or {}).get("starts")
    made_in = starts[-1].get("cwd") if isinstance(starts, list) and starts and isinstance(starts[-1], dict) else None
    if isinstance(made_in, str):  # a tune continued: where its last start ran, the folder its files were in
        from gym_loop.sweeps.envs import refuse_missing_code

        refuse_missing_code(base, os.getcwd(), ("this tune's trials start", "started", made_in),
                            "run the same command again")
    from gym_loop.yaml_safety import dump

    document = read_space(options.space)  # once: a pipe (--space <(...)) has nothing left for a second read
    space, space_text = load_space(options.space, base, document), dump(document, unicode=False)
    loop_parameters = paths_inside(run_spec(budgeted(base, space)), TRIAL_RUN).loop.parameters  # as train checks
    if not loop_parameters.get("episodes_per_eval"):
        raise SpecError("loop.parameters.episodes_per_eval", "tune scores each run by its final periodic "
                                                             "evaluation; set it, e.g. episodes_per_eval: 10")
    if loop_parameters.get("evals_csv", "") is None:
        raise SpecError("loop.parameters.evals_csv", "tune reads each run's final periodic evaluation from this "
                                                     "file; give it a name such as evals.csv instead of null")
    check_name(options.name, "--tunes-dir")
    from gym_loop.sweeps.plan import refuse_set_twice, warn_unused_seed

    refuse_set_twice(options.sets, space, "in the space (--space), which sets it in every trial")
    warn_unused_seed(base, options.run_config, options.seeds, ",".join(map(str, options.seeds)), "tune")
    if (bias := _threshold_set(loop_parameters.get("reward_threshold"), space)) is not None:  # the trials' scores,
        from gym_loop.sweeps.scores import warn_threshold_bias  # and so the best trial, are biased

        warn_threshold_bias(*bias)
    for warning in _shared_paths(budgeted(base, space), space):  # once for the tune, as sweep: its trials share them
        logger.warning("%s", warning)
    if options.backend == "ray" and options.address is not None:
        from gym_loop.sweeps.ray import check_reachable

        check_reachable(options.address)  # before anything is created: ray.init would retry for minutes
    if options.storage:
        from gym_loop.tuning.study import check_storage

        check_storage(options.storage)  # before anything is created
    folder = TuneFolder(tune_dir)
    if folder.foreign(dump(base, unicode=False), space_text):
        raise SpecError("--name", f"{folder.path} is not empty and is not a tune (it has no tune.json); "
                                  "give a new --name, or another --tunes-dir")
    new = not folder.path.exists()
    folder.path.mkdir(parents=True, exist_ok=True)
    try:
        with held(folder.path / LOCK_FILE, f"tune folder {folder.path}"):
            return _tune_in(folder, options, base, space, space_text)
    except GymLoopError:
        if new and [path.name for path in folder.path.iterdir()] == [LOCK_FILE]:  # refused before it began
            shutil.rmtree(folder.path)
        raise


def _tune_in(folder: TuneFolder, options: TuneOptions, base: Dict, space: Dict[str, Any], space_text: str) -> str:
    from gym_loop.tuning.study import counted, fail_gone_elsewhere, fail_stale, open_study, retry_interrupted
    from gym_loop.tuning.study import running_here

    storage = tune_storage(folder, options.storage)
    if "://" not in storage:
        from gym_loop.tuning.journal import repair_journal

        repair_journal(Path(storage))  # a write cut short by a full disk would make it unreadable
    from gym_loop.yaml_safety import dump

    # As parsed (the base spec with --set applied): a comment added to a file is no other tune.
    name = study_name(folder, storage)
    _refuse_lost(folder, storage, name)
    recorded = "journal.log" if storage == str(folder.journal_path) else storage  # a renamed folder keeps its own
    folder.set_up(dump(base, unicode=False), space_text,
                  {"seeds": options.seeds, "storage": recorded, "study": name})
    study = open_study(storage, name, pruner=options.pruner)
    study.set_user_attr("seeds", options.seeds)
    fail_stale(study)
    fail_gone_elsewhere(study, folder)
    retry_interrupted(study, options.trials - counted(study))
    orphans = running_here(study)  # an earlier start's workers, finishing their trials: they count against --jobs
    if orphans:
        logger.info("trial(s) %s still run in %d worker(s) of an earlier gym-loop tune (killed); they count against "
                    "--jobs %d", ",".join(map(str, orphans)), len(set(orphans.values())), options.jobs)
    jobs = min(options.jobs - len(set(orphans.values())), options.trials - counted(study))
    if jobs > 0:  # a start that runs no trial (the study has its trials) changes nothing, says nothing
        warn_changed_code(folder)
        start = folder.add_start({"sampler": options.sampler, "sampler_seed": options.sampler_seed,
                                  "pruner": options.pruner}, first={"step_stride": longest_run(base, space)})
    try:
        if jobs > 0:
            config = worker_config(folder, options, storage, base, space, start=start, study=name)
            logger.info("tune %s: %d of %d trials to run, %d worker(s), seeds %s", folder.path, options.trials
                        - counted(study), options.trials, jobs, ",".join(map(str, options.seeds)))
            if options.backend == "ray":
                _run_ray(folder, config, jobs, options.address, study, options.trials)
            else:
                _report_ended(_run_local(folder, config, jobs), study, options.trials)
        _refuse_unfinished(study, orphans)
    except KeyboardInterrupt as error:
        fail_stale(study, interrupted=True)  # trials whose workers stopped before they told the study their end
        raise RunStopped("stopped; the trials that were running are marked FAIL and do not count; re-run the "
                         "same command to continue the study", isinstance(error, Terminated)) from error
    finally:
        write_results(folder, study, base, list(space))
    warn_if_tied(study, budget_keys(base, space))
    message = closing_message(folder, study, options.seeds)
    if options.timeout and counted(study) < options.trials:
        message += (f"\n--timeout {options.timeout:g} s passed: {counted(study)} of {options.trials} trials counted; "
                    f"re-run the same command for another {options.timeout:g} s, or without --timeout to run the rest")
    return message


def _refuse_unfinished(study: Any, orphans: Dict[int, int]) -> None:
    """Stop with an error while trials of an earlier start's workers still run: the results would leave them out.

    Raises:
        GymLoopError: Some of ``orphans`` (trial number -> worker pid) are still running.
    """
    from gym_loop.tuning.study import running_here

    still = {number: pid for number, pid in running_here(study).items() if number in orphans}
    if still:
        raise GymLoopError(f"trial(s) {','.join(map(str, still))} still run in the worker(s) of an earlier gym-loop "
                           f"tune (killed), pid(s) {','.join(map(str, sorted(set(still.values()))))}; when they end, "
                           "re-run the same command to count them in trials.csv and best.yaml")


def warn_changed_code(folder: TuneFolder) -> None:
    """Warn once per file if a file class (an agent in ``myagent.py``) changed since trials of this tune trained
    with it (the check of gym-loop sweep, on the sha256 each run's ``run.json`` records)."""
    from gym_loop.sweeps import runinfo

    for file, count in runinfo.changed_files(folder.run_dirs()).items():
        logger.warning("%s changed since %d run(s) of this tune's trials trained with it: the study would mix two "
                       "versions of the code, and best.yaml could be a trial of the old one; to tune the new one "
                       "alone, give a new --name", file, count)


def worker_config(folder: TuneFolder, options: TuneOptions, storage: str, base: Dict, space: Dict[str, Any],
                  start: int, study: str) -> Dict[str, Any]:
    """What every worker needs, as JSON-ready data."""
    from optuna.distributions import distribution_to_json

    # The first start's: a continued tune's reports stay where its earlier trials' are (one begun before the stride
    # was recorded: its stride then, without VectorLoop's last vector step).
    stride = folder.first_start().get("step_stride") or longest_run(base, space, overshoot=False)
    return {"folder": str(folder.path), "storage": storage, "study": study, "trials": options.trials,
            "seeds": options.seeds, "sampler": options.sampler, "sampler_seed": options.sampler_seed,
            "pruner": options.pruner, "start": start, "sampler_seeding": folder.sampler_seeding(),
            "space": {key: distribution_to_json(value) for key, value in space.items()},
            "step_stride": stride, "cwd": os.getcwd(), "quiet": options.quiet,
            "deadline": time.time() + options.timeout if options.timeout else None}


def tune_storage(folder: TuneFolder, given: Optional[str]) -> str:
    """The tune's storage: the one its ``tune.json`` records (``journal.log``: the folder's own journal, wherever the
    folder is now), else ``--storage``, else the folder's own journal; a journal or sqlite file as an absolute path,
    for runs and Ray workers started elsewhere and for the tune continued from another directory.

    Raises:
        SpecError: A continued tune given another ``--storage`` than its own (a relative path from another directory
            is another storage).
    """
    recorded = (folder.settings() or {}).get("storage")
    if recorded and "://" not in recorded:
        path = folder.path / recorded  # an absolute path stays as it is
        if path.name == folder.journal_path.name and not path.exists() and folder.journal_path.exists():
            path = folder.journal_path  # an older gym-loop's absolute path, of the folder before it was renamed
        recorded = str(path)
    from gym_loop.tuning.study import normal_storage

    recorded = recorded and normal_storage(recorded)  # an older tune's relative sqlite URL: from here
    storage = normal_storage(given or recorded or str(folder.journal_path))
    if recorded and storage != recorded:
        raise SpecError("--storage", f"this tune's study is in {recorded}, not {storage}; leave --storage out to "
                                     "continue it, or give a new --name for a new tune")
    return storage


def _refuse_lost(folder: TuneFolder, storage: str, name: str) -> None:
    """Refuse to continue a tune whose study is gone from its storage (a journal deleted or moved away): a new study
    in the old folder would run its trials again over the old trials' folders.

    Raises:
        SpecError: Trials ran (``tune.json`` records a start) and ``storage`` holds no study ``name``.
    """
    if not (folder.settings() or {}).get("starts"):
        return
    from gym_loop.tuning.study import make_storage, sqlite_file

    missing, database = _absent(storage), sqlite_file(storage)
    if not missing and "://" not in storage:  # a journal (or any file a copied tune.json names): not written to
        from gym_loop.tuning.journal import refuse_not_journal

        refuse_not_journal(Path(storage))
    if missing or (database is not None and not _sqlite_holds(database, name)) or \
            name not in (study.study_name for study in make_storage(storage).get_all_studies()):
        raise SpecError("--storage", f"this tune's study {name!r} is not in {storage}"
                                     f"{' (no such file)' if missing else ''}, where its trials ran; restore it, or "
                                     "give a new --name for a new tune")


def _sqlite_holds(database: Path, name: str) -> bool:
    """Whether the sqlite file ``database`` holds the study ``name``, read without writing: Optuna, opening it,
    would first create its tables in whatever database a received ``tune.json`` names."""
    import sqlite3

    try:
        with contextlib.closing(sqlite3.connect(f"{database.resolve().as_uri()}?mode=ro", uri=True)) as db:
            return db.execute("select 1 from studies where study_name = ?", (name,)).fetchone() is not None
    except sqlite3.Error:  # not a database, or no studies table: not an Optuna study's
        return False


def study_name(folder: TuneFolder, storage: str) -> str:
    """The tune's study in ``storage``: the name ``tune.json`` records, else (a new tune) the folder's name.

    A tune folder renamed or copied keeps its study. A ``tune.json`` of an older gym-loop records no
    name: its study is the one named after the folder, or the only study in the storage.

    Raises:
        SpecError: An older tune folder, renamed, whose storage holds several studies and none of its name.
    """
    recorded = folder.settings()
    if recorded is None:
        _refuse_taken(storage, folder.path.name)
        return folder.path.name
    if recorded.get("study"):
        if recorded["study"] != folder.path.name:
            logger.info("tune %s continues its study %r (the tune's name at its first start)", folder.path,
                        recorded["study"])
        return recorded["study"]
    from gym_loop.tuning.study import make_storage

    names = [study.study_name for study in make_storage(storage).get_all_studies()]
    if folder.path.name in names or not names:
        return folder.path.name
    if len(names) == 1:
        logger.info("tune %s continues its study %r (the tune's name at its first start)", folder.path, names[0])
        return names[0]
    raise SpecError("--name", f"{storage} holds the studies {', '.join(map(repr, names))}, none named "
                              f"{folder.path.name!r}, and {folder.settings_path} (of an older gym-loop) does not say "
                              "which is this tune's; rename the folder back to its first name to continue it")


def _absent(storage: str) -> bool:
    """Whether ``storage`` is a file (a journal, a sqlite database) not there: not opened, that would make it."""
    from gym_loop.tuning.study import sqlite_file

    file = Path(storage) if "://" not in storage else sqlite_file(storage)
    return file is not None and not file.exists()


def _refuse_taken(storage: str, name: str) -> None:
    """Refuse a new tune whose storage already holds a study of its name (another tune's: its trials, its space).

    Raises:
        SpecError: ``storage`` holds a study named ``name``.
    """
    from gym_loop.tuning.study import make_storage

    if _absent(storage):
        return
    if name in (study.study_name for study in make_storage(storage).get_all_studies()):
        raise SpecError("--storage", f"{storage} already holds a study {name!r}, of another tune folder; give a "
                                     "new --name for a new tune, or re-run in the tune folder that holds its "
                                     "tune.json to continue that study")


def longest_run(base: Dict, space: Dict[str, Any], overshoot: bool = True) -> int:
    """The most episodes a trial's run may count: the step stride between seeds' reports.

    The k-th seed's run reports at ``k * stride + episode``, so that no seed's reports collide with another's in
    any trial (Optuna keeps one value per step). The stride is the run's budget with each budget the space tunes
    at its largest (an int range's high end, the largest choice): its ``max_episodes``, or its ``max_steps`` where
    that is the budget alone (``max_episodes`` null, or left out beside ``max_steps``; an episode takes a step or
    more), plus ``num_envs - 1`` with ``overshoot``: VectorLoop counts the episodes that end in the vector step that
    crosses ``max_steps``, up to ``num_envs - 1`` steps past it.

    Args:
        base: The parsed base spec.
        space: The search space (:func:`~gym_loop.tuning.space.load_space`).
    """
    from gym_loop.spec import run_spec
    from gym_loop.tuning.space import BUDGETS, with_parameters

    largest = {key: _largest(space[key]) for key in (*BUDGETS, NUM_ENVS) if key in space}
    planned = run_spec(with_parameters(base, largest)).loop.parameters
    if planned["max_episodes"] is not None:
        return int(planned["max_episodes"])
    return int(planned["max_steps"]) + (int(planned.get("num_envs") or 1) - 1 if overshoot else 0)


def _largest(distribution: Any) -> Any:
    """A distribution's largest value; None (no limit) if it is a choice."""
    choices = getattr(distribution, "choices", None)
    if choices is None:
        return distribution.high
    return None if None in choices else max(choices)


def _run_local(folder: TuneFolder, config: Dict[str, Any], jobs: int) -> List[int]:
    """``jobs`` worker processes; wait for them all; their exit codes.

    Each worker is in a session of its own, as each run of a sweep is: Linux's autogroup scheduler
    shares the CPUs between sessions, so workers sharing the driver's session would get one share
    between them on a busy machine, and ``--jobs 2`` would be no faster than ``--jobs 1``.
    """
    path = folder.path / "worker.json"
    from gym_loop.tuning.worker import config_text

    write_atomically(path, config_text(config))
    workers = [subprocess.Popen([*python_module("gym_loop.tuning"), str(path), str(index)],
                                env=this_gym_loop(dict(os.environ)), start_new_session=True) for index in range(jobs)]
    try:
        codes = [worker.wait() for worker in workers]
    except KeyboardInterrupt as error:
        _stop_workers(workers, error)
        raise
    return codes


def _ended_by(index: int, code: int) -> str:
    """What ended worker ``index``, which exited ``code`` (not 0): an error it reported, or one from outside (a
    signal to it, not to ``gym-loop tune``), e.g. ``worker 0 was stopped by SIGTERM``."""
    from gym_loop.tuning.worker import STOPPED_BY

    if code in STOPPED_BY:
        return f"worker {index} stopped {STOPPED_BY[code]} (its error is above)"
    if code in (130, 143):
        return f"worker {index} was stopped by {signal.Signals(code - 128).name}"
    if code < 0:
        return f"worker {index} was killed by signal {-code}"
    return f"worker {index} exited {code} (its output is above)"  # an uncaught exception: Python's 1


def _report_ended(codes: List[int], study: Any, trials: int) -> None:
    """Warn of workers that ended early (exit ``codes``, by index) if the others finished the study; else stop
    with the error.

    Raises:
        GymLoopError: Fewer than ``trials`` trials are complete or pruned.
    """
    from gym_loop.tuning.worker import STOPPED_BY

    ended = [_ended_by(index, code) for index, code in enumerate(codes) if code]
    if not ended or _finished_anyway(ended, study, trials):
        return
    stopped = next((STOPPED_BY[code] for code in codes if code in STOPPED_BY), None)
    if stopped:
        raise GymLoopError(f"a worker stopped {stopped} (its error is above); the trials that ran are in trials.csv")
    raise GymLoopError(f"{', '.join(ended)}; re-run the same command to finish the study (its unfinished trial "
                       "is then marked FAIL and does not count)")


def _finished_anyway(ended: List[str], study: Any, trials: int) -> bool:
    """Whether the other workers finished the study though some ended early (``ended``: what ended each); if so,
    warn of those."""
    from optuna.trial import TrialState

    from gym_loop.tuning.study import fail_stale

    if len(study.get_trials(deepcopy=False, states=(TrialState.COMPLETE, TrialState.PRUNED))) < trials:
        return False
    fail_stale(study)  # a killed worker's trial: now, not at the next start
    logger.warning("%s (a trial left unfinished is FAIL and does not count); the other workers finished the "
                   "study", ", ".join(ended))
    return True


def _stop_workers(workers: List[subprocess.Popen], error: KeyboardInterrupt) -> None:
    """Pass a stop on and wait for the workers: SIGTERM to each worker (which passes it on to its run);
    Ctrl-C as SIGINT to each worker's process group, the worker and its run, as a terminal does.
    A second Ctrl-C or SIGTERM while waiting is passed on too."""
    while True:
        for worker in workers:
            if worker.poll() is None:
                with contextlib.suppress(ProcessLookupError):  # ended in the meantime
                    if isinstance(error, Terminated):
                        worker.terminate()
                    else:
                        os.killpg(worker.pid, signal.SIGINT)
        try:
            for worker in workers:
                worker.wait()
            return
        except KeyboardInterrupt as again:
            error = again


def _run_ray(folder: TuneFolder, config: Dict[str, Any], jobs: int, address: Optional[str], study: Any,
             trials: int) -> None:
    """``jobs`` Ray tasks, each a worker; on a local Ray started here unless ``address`` is given (the sweep's
    :class:`~gym_loop.sweeps.ray.RayBackend`). Ctrl-C or SIGTERM reaches the runs as a sweep's: through the stop
    file in the tune folder, which each worker watches while its run trains (see
    :func:`~gym_loop.sweeps.launch.wind_down`); the workers then tell their trials' ends and return."""
    from gym_loop.sweeps.launch import Job, wind_down
    from gym_loop.sweeps.ray import RayBackend

    backend = RayBackend(address, folder.path, log_to_driver=not config["quiet"], kind=("tune", "--tunes-dir"))
    try:
        task = backend.ray.remote(num_cpus=1, max_retries=0)(ray_worker)
        config = {**config, "stop_file": str(backend.stop_file)}
        running = {backend.submit(task, config, index): Job(f"worker {index}", (), "", "") for index in range(jobs)}
        errors: List[str] = []

        def ended(job: Job, error: Optional[str]) -> None:
            if error is None:  # the task died (its worker or node): its trial is marked FAIL at the next start
                errors.append(f"{job.key}'s Ray task ended without finishing (see the warning above)")
            elif error:
                errors.append(error)

        try:
            while running:
                for handle, error in backend.wait(list(running), timeout=1.0):
                    ended(running.pop(handle), error)
        except KeyboardInterrupt as stop:
            wind_down(backend, running, signal.SIGTERM if isinstance(stop, Terminated) else signal.SIGINT, ended,
                      killed="their trials' parameters are tried again first when the tune is re-run",
                      queued=len(running) - len(backend.begun(list(running))))  # cancelled: they start nothing
            raise
        if not config["quiet"]:  # the workers' last lines are still on their way (ray-project/ray#31931)
            time.sleep(LOG_GRACE)
        if errors and not _finished_anyway([f"a worker stopped: {error}" for error in errors], study, trials):
            raise GymLoopError(f"a worker stopped: {errors[0]}")
    finally:
        backend.close()  # leaves a cluster given by --address running; never `ray stop`


def ray_worker(config: Dict[str, Any], index: int, begun: Optional[str] = None) -> str:
    """A worker in a Ray task: runs :func:`~gym_loop.tuning.worker.run_worker` in the driver's working directory
    (where it exists: a Ray worker starts in the one its node's ``ray start`` was run from), as a sweep's runs on Ray
    are, so that the spec's relative paths (``agent.class: agent.py:Agent``) and the tune's folder are found; its
    error message, or "" (done, or stopped through the stop file). ``begun``: a file made first, telling the driver
    the task began (:meth:`~gym_loop.sweeps.ray.RayBackend.submit`: one still queued at a stop is cancelled)."""
    from gym_loop.tuning.worker import run_worker, write_failure

    if begun:
        Path(begun).touch()

    logging.basicConfig(level=logging.WARNING if config["quiet"] else logging.INFO,
                        format=f"%(levelname)s: worker {index}: %(message)s", stream=sys.stderr)
    before = os.getcwd()
    if config.get("cwd") and os.path.isdir(config["cwd"]):
        os.chdir(config["cwd"])
    try:
        run_worker(config, index)
    except GymLoopError as error:
        return str(error)
    except OSError as error:
        return write_failure(error, config)
    except KeyboardInterrupt:  # the driver's stop: the trial that was running is marked FAIL and retried
        pass
    finally:
        os.chdir(before)  # the Ray worker process may run another task
    return ""


def write_results(folder: TuneFolder, study: Any, base: Dict, keys: List[str]) -> None:
    """Write ``trials.csv`` and, once a trial completed, ``best.yaml``."""
    from gym_loop.tuning.space import on_grid

    folder.write_trials(study.get_trials(deepcopy=False), keys)
    best = _best(study)
    if best is not None:
        folder.write_best(base, on_grid(best.params, best.distributions))


def closing_message(folder: TuneFolder, study: Any, seeds: List[int]) -> str:
    """How the tune went, the best parameters, and how to re-evaluate them on fresh seeds."""
    states = Counter(trial.state.name.lower() for trial in study.get_trials(deepcopy=False))
    counts = ", ".join(f"{number} {state}" for state, number in sorted(states.items()))
    lines = [f"tune {folder.path}: {sum(states.values())} trials ({counts or 'none'}); see trials.csv"]
    best = _best(study)
    if best is None:
        return "\n".join(lines + ["no trial completed, so there is no best.yaml"])
    lines.append(f"best: trial {best.number}, mean final evaluation return {best.value:.4g} on tuning seeds "
                 f"{','.join(map(str, seeds))}")
    from gym_loop.sweeps.state import cell
    from gym_loop.tuning.space import on_grid

    lines += [f"  {key}: {cell(value)}"  # true, null: as in the spec
              for key, value in on_grid(best.params, best.distributions).items()]
    stale, every = _sweep_scores_earlier(folder)
    lines.append(f"{folder.best_path} was chosen on the tuning seeds, so its score there is optimistic; "
                 f"re-evaluate it on fresh seeds: {reevaluation_command(folder, best.number, seeds, every)}")
    if stale and not every:
        lines.append(f"note: that sweep scores each run by its last periodic evaluation, where tune evaluated after "
                     f"the last episode: for best.yaml {stale}; until then its numbers are not the trial's, even "
                     "on the tuning seeds")
    return "\n".join(lines)


def _sweep_scores_earlier(folder: TuneFolder) -> Tuple[Optional[str], Optional[int]]:
    """Why a sweep of ``best.yaml`` would score its runs before their last episode, as tune does not, or None; and
    the ``episodes_per_eval`` with which it scores the end (its ``max_episodes``, a budget in episodes alone), or
    None."""
    import yaml

    from gym_loop.sweeps.scores import stale_final_evaluation

    try:
        spec = yaml.safe_load(folder.best_path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError):
        return None, None
    stale = stale_final_evaluation(spec) if isinstance(spec, dict) else None
    if not stale:
        return None, None
    parameters = spec["loop"]["parameters"]
    return stale, parameters["max_episodes"] if parameters.get("max_steps") is None else None


def budget_keys(base: Dict, space: Dict[str, Any]) -> str:
    """The budget keys the trials train by, for advice: those the space tunes or the spec sets (not null), e.g.
    ``loop.parameters.max_steps`` for a study that trains by env steps alone."""
    from gym_loop.spec import run_spec
    from gym_loop.tuning.space import BUDGETS, budgeted

    planned = run_spec(budgeted(base, space)).loop.parameters
    keys = [key for key in BUDGETS if key in space or planned.get(key.rpartition(".")[2]) is not None]
    return " and ".join(keys)


def warn_if_tied(study: Any, budget: str = "loop.parameters.max_episodes") -> None:
    """Warn when two or more complete trials share the best value: the best trial is the first of them only by
    number (when every complete trial ties, the study learned nothing). ``budget``: the budget keys the trials train
    by (:func:`budget_keys`)."""
    from optuna.trial import TrialState

    complete = study.get_trials(deepcopy=False, states=(TrialState.COMPLETE,))
    if len(complete) < 2:
        return
    best = max(trial.value for trial in complete)
    tied = [trial.number for trial in complete if trial.value == best]
    if len(tied) == len(complete):
        logger.warning("all %d complete trials scored %.4g: no trial is better than another, so the best is the "
                       "first only by its number; raise the budget (%s) or widen the space", len(complete), best,
                       budget)
    elif len(tied) > 1:  # others scored less: a larger budget cannot separate trials that all got there
        logger.warning("trials %s tie at the best value %.4g: the best is trial %d, the first only by its number; a "
                       "budget (%s) at which not all of them get there, or more evaluation episodes "
                       "(loop.parameters.eval_episodes), would separate them", ",".join(map(str, tied)), best, tied[0],
                       budget)


def reevaluation_command(folder: TuneFolder, trial: int, seeds: List[int], every: Optional[int] = None) -> str:
    """The ``gym-loop sweep`` of ``best.yaml`` on fresh seeds, in a sweep named after the tune and the trial.

    Each study's ``best.yaml`` has the same stem, so the sweep is named ``<tune>-trial-<n>``: the
    command works for every tune, and again (it continues its sweep) until another trial is best.
    ``every``: the ``episodes_per_eval`` to set, so that the sweep scores the end of training as the tune did.
    """
    import shlex

    return (f"{program()} sweep -c {shlex.quote(str(folder.best_path))} --seeds {_fresh_seeds(seeds)} "
            f"--name {shlex.quote(f'{folder.path.name}-trial-{trial}')}"
            + (f" --set loop.parameters.episodes_per_eval={every}" if every else ""))


def _best(study: Any) -> Optional[Any]:
    from optuna.trial import TrialState

    complete = study.get_trials(deepcopy=False, states=(TrialState.COMPLETE,))
    return max(complete, key=lambda trial: trial.value) if complete else None


def _fresh_seeds(seeds: List[int]) -> str:
    start = 100
    while any(start <= seed < start + 10 for seed in seeds):
        start += 100
    return f"{start}-{start + 9}"


def _threshold_set(spec_threshold: Any, space: Dict[str, Any]) -> Optional[Tuple[Any, str]]:
    """The ``reward_threshold`` a trial's runs may stop at and where it is set, for :func:`warn_threshold_bias`, or
    None: the space's (the non-null choices of a categorical, a range's bounds), else the tune's spec's."""
    distribution = space.get("loop.parameters.reward_threshold")
    if distribution is None:
        return None if spec_threshold is None else (spec_threshold, "in the tune's spec")
    if hasattr(distribution, "choices"):
        chosen = [choice for choice in distribution.choices if choice is not None]
        return (" or ".join(map(str, chosen)), "in the space's choices") if chosen else None
    return f"{distribution.low} to {distribution.high}", "in the space"


def _shared_paths(base: Dict[str, Any], space: Dict[str, Any]) -> List[str]:
    """The warnings of :func:`~gym_loop.run_paths.shared_paths` for the values a trial can have: the base spec's at
    keys the space does not set, and each text choice of a categorical of the space."""
    from gym_loop.run_paths import shared_paths
    from gym_loop.spec import run_spec
    from gym_loop.tuning.space import with_parameters

    warned: List[str] = []
    for chosen in [{}, *({key: choice} for key, distribution in space.items()
                         for choice in getattr(distribution, "choices", ()) if isinstance(choice, str))]:
        for warning in shared_paths(run_spec(with_parameters(base, chosen))):
            key = warning.partition(": ")[0]
            if (key in chosen or key not in space) and warning not in warned:
                warned.append(warning)
    return warned


def _require(module: str, needs: str, extra: str) -> None:
    try:
        importlib.import_module(module)
    except ImportError as error:
        from gym_loop.errors import install_extra

        raise SpecError("", f"{needs}: {install_extra(extra)}") from error

