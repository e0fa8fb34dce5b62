"""The Optuna study of a tune: its storage, sampler and pruner, and the trials that count.

Storage is an Optuna journal file by default (``JournalStorage`` + ``JournalFileBackend``: many
processes may append to it, unlike SQLite), or any storage URL Optuna takes.
"""

import logging
import os
import re
import socket
from pathlib import Path
from typing import Any, Dict, List, Optional, Tuple

from gym_loop.errors import GymLoopError, SpecError, describe
from gym_loop.liveness import process_alive, process_start

logger = logging.getLogger(__name__)

STARTUP_TRIALS = 10  # TPE's first trials, random search as --sampler random's (Optuna's default n_startup_trials)
# Trials towards --trials N. FAIL does not count, nor WAITING: a trial enqueued to be tried again counts once a
# worker asks for it (with it counted, a study one trial short would enqueue it and then ask for no trial).
COUNTED = ("COMPLETE", "PRUNED", "RUNNING")


def make_storage(storage: str) -> Any:
    """The Optuna storage for ``storage``: a URL (``scheme://...``) as is, else a journal file path.

    Args:
        storage: ``sqlite:///study.db``, ``postgresql://...``, or a file path for a journal.

    Returns:
        An ``RDBStorage`` for a URL, or a ``JournalStorage`` on the file.

    Raises:
        SpecError: It cannot be opened: a folder, a database driver or SQLAlchemy dialect missing, a database that
            does not answer.
    """
    from optuna.storages import JournalStorage, RDBStorage

    if "://" not in storage:
        if Path(storage).is_dir():
            raise SpecError("--storage", f"{storage} is a folder; give a journal file's path (a new one is made) or "
                                         "a database URL")
        try:
            return JournalStorage(_journal(str(storage)))
        except OSError as error:
            raise SpecError("--storage", f"cannot open the journal: {describe(error)}") from error
    from sqlalchemy.exc import NoSuchModuleError, SQLAlchemyError

    from gym_loop.resolve import install_hint

    try:
        return RDBStorage(storage)
    except ImportError as error:  # Optuna's "Failed to import DB access module", from the driver's import
        driver = getattr(error.__cause__, "name", None)
        raise SpecError("--storage", f"{storage} needs the database driver '{driver}', which is not installed"
                                     f"{install_hint(error.__cause__)}") from error
    except NoSuchModuleError as error:
        raise SpecError("--storage", f"{storage} is not a database URL SQLAlchemy knows (no dialect "
                                     f"'{storage.split('://')[0]}'); give a journal file's path, or a URL such as "
                                     "sqlite:///study.db or postgresql://user@host/db") from error
    except SQLAlchemyError as error:  # the database cannot be opened: no such file's folder, no server answering
        reason = str(getattr(error, "orig", None) or error).splitlines()[0]
        raise SpecError("--storage", f"cannot open {storage}: {reason}; give a URL of a database that exists (a "
                                     "sqlite file's folder too) and answers") from error


def _journal(path: str) -> Any:
    """Optuna's ``JournalFileBackend`` on ``path``, whose record that is no JSON (cut short by a full disk, then joined
    by the next append, while the tune ran) stops the driver and each worker with one line saying how to go on, not
    a ``JSONDecodeError`` traceback: a tune's start repairs it (:func:`gym_loop.tuning.journal.repair_journal`)."""
    from optuna.storages.journal import JournalFileBackend

    class Journal(JournalFileBackend):
        def read_logs(self, log_number_from: int) -> Any:
            try:
                yield from super().read_logs(log_number_from)
            except ValueError as error:  # json.JSONDecodeError, Optuna's "Invalid log format."
                raise GymLoopError(f"{path} holds a record cut short (a full disk?) that the next one was joined "
                                   f"onto ({error}); free some space if the disk is full, then re-run the same "
                                   "command: it repairs the journal and continues the study") from error

    return Journal(path)


def sqlite_file(storage: str) -> Optional[Path]:
    """The database file of a ``sqlite:///path`` URL (relative to the working directory, as SQLAlchemy reads it),
    else None (another database, an in-memory one)."""
    match = re.match(r"sqlite(\+\w+)?:///([^?]+)", storage)
    return None if not match or match.group(2) == ":memory:" else Path(match.group(2)).expanduser()


def normal_storage(storage: str) -> str:
    """``storage`` with its file as an absolute path (a journal's, a sqlite database's), as runs started elsewhere
    and a tune continued from another directory must read it; other URLs as given."""
    if "://" not in storage:
        return str(Path(storage).expanduser().resolve())
    match = re.match(r"sqlite(\+\w+)?:///([^?]+)", storage)
    if sqlite_file(storage) is None:
        return storage
    return storage[:match.start(2)] + str(Path(match.group(2)).expanduser().resolve()) + storage[match.end(2):]


def check_storage(storage: str) -> None:
    """Refuse a ``--storage`` that cannot serve as the study's, before the tune folder is made: a database URL is
    opened (:func:`make_storage`); a journal file must not be a folder, nor in a folder that does not exist, nor
    a file of the user's that is no journal.

    Raises:
        SpecError: What is wrong, and how to fix it.
    """
    if "://" in storage:
        path = sqlite_file(storage)
        if path is None or path.exists() or not path.parent.is_dir():  # a new file is made only when trials run
            make_storage(storage)
        return
    from gym_loop.tuning.journal import refuse_not_journal

    path = Path(storage).expanduser()
    if path.is_dir():
        make_storage(str(path))  # its message
    if not path.parent.is_dir():
        raise SpecError("--storage", f"{storage} is in a folder that does not exist ({path.parent}); create it, or "
                                     "give a path in an existing folder")
    refuse_not_journal(path)


def make_sampler(name: str, seed: int) -> Any:
    """The sampler ``tpe`` or ``random``, seeded: each worker gets its own seed, else they propose alike.

    TPE runs with ``constant_liar``, so that parallel workers steer away from the trials still running; its first
    :data:`STARTUP_TRIALS` trials of the study are random search, as ``random`` proposes them.
    """
    import warnings

    import optuna

    if name == "random":
        return optuna.samplers.RandomSampler(seed=seed)
    with warnings.catch_warnings():  # optuna before 5 calls constant_liar experimental: a raw two-line warning
        warnings.simplefilter("ignore", optuna.exceptions.ExperimentalWarning)
        return optuna.samplers.TPESampler(seed=seed, constant_liar=True, n_startup_trials=STARTUP_TRIALS)


def make_pruner(name: str) -> Any:
    """The pruner ``median`` (MedianPruner), ``halving`` (SuccessiveHalvingPruner) or ``none``."""
    import optuna

    pruners = {"median": optuna.pruners.MedianPruner, "halving": optuna.pruners.SuccessiveHalvingPruner}
    return pruners.get(name, optuna.pruners.NopPruner)()


def open_study(storage: str, name: str, sampler: Optional[Any] = None, pruner: str = "none") -> Any:
    """Create the study ``name`` (maximizing) in ``storage``, or load it if it exists."""
    import optuna

    optuna.logging.set_verbosity(optuna.logging.WARNING)
    return optuna.create_study(storage=make_storage(storage), study_name=name, direction="maximize",
                               load_if_exists=True, sampler=sampler, pruner=make_pruner(pruner))


def trial_of(storage: str, name: str, number: int, pruner: str) -> Any:
    """The live ``optuna.trial.Trial`` ``number`` of study ``name``, to report to from another process.

    Args:
        storage: As for :func:`make_storage`.
        name: The study.
        number: The trial's number.
        pruner: The study's pruner (Optuna does not store it): ``trial.should_prune()`` asks it.
    """
    import optuna

    optuna.logging.set_verbosity(optuna.logging.WARNING)
    backend = make_storage(storage)
    study = optuna.load_study(study_name=name, storage=backend, pruner=make_pruner(pruner))
    trial_id = backend.get_trial_id_from_study_id_trial_number(backend.get_study_id_from_name(name), number)
    return optuna.trial.Trial(study, trial_id)


def counted(study: Any) -> int:
    """Trials towards the total: complete, pruned, and running (failed ones and enqueued ones not yet asked for
    do not count)."""
    from optuna.trial import TrialState

    states = tuple(TrialState[name] for name in COUNTED)
    return len(study.get_trials(deepcopy=False, states=states))


def mark_worker(trial: Any, sampler_seed: int) -> None:
    """Record which process runs ``trial`` (so that a later start can tell a dead worker's) and its sampler seed."""
    trial.set_user_attr("worker", {"host": socket.gethostname(), "pid": os.getpid(), "sampler_seed": sampler_seed,
                                   "started": process_start(os.getpid())})  # a later process of the pid is not it


def retry_interrupted(study: Any, room: int) -> List[int]:
    """Enqueue again the parameters of the trials Ctrl-C or SIGTERM stopped, each once, at most ``room``.

    The next trials the workers ask for are these (Optuna's ``enqueue_trial``), so a stop does not
    lose the proposals that were running, as Optuna's ``RetryFailedTrialCallback`` does for trials
    whose heartbeat stopped. A trial whose worker was killed (``kill -9``, out of memory) is not
    retried: the cause may be its parameters. The new trial has the user attribute ``retry_of``.

    Args:
        study: The study.
        room: How many trials may still be added under ``--trials N``.

    Returns:
        The numbers of the trials whose parameters were enqueued.
    """
    from optuna.trial import TrialState

    trials = study.get_trials(deepcopy=False)
    retried = {trial.user_attrs.get("retry_of") for trial in trials}
    again = [trial for trial in trials if trial.state == TrialState.FAIL and trial.user_attrs.get("interrupted")
             and trial.number not in retried and "retry_of" not in trial.user_attrs][:max(room, 0)]
    for trial in again:
        study.enqueue_trial(trial.params, user_attrs={"retry_of": trial.number})
    if again:
        many = len(again) > 1
        logger.info("trial%s %s stopped by a signal: %s tried again first", "s" if many else "",
                    ", ".join(str(trial.number) for trial in again),
                    "their parameters are" if many else "its parameters are")
    return [trial.number for trial in again]


def fail_stale(study: Any, interrupted: bool = False) -> List[int]:
    """Mark FAIL the RUNNING trials whose worker was on this host and is gone (killed); their numbers.

    Trials of workers on other hosts are left alone: only their own host can tell they are dead (but see
    :func:`fail_gone_elsewhere`).

    Args:
        study: The study.
        interrupted: The workers were stopped by Ctrl-C or SIGTERM (before their trial's runs started):
            the trials get the user attribute ``interrupted``, so :func:`retry_interrupted` tries them again.
    """
    import optuna
    from optuna.trial import TrialState

    failed = []
    for trial, pid, started in _workers_here(study):
        if process_alive(pid, started=started) is not True:
            if interrupted:
                optuna.trial.Trial(study, trial._trial_id).set_user_attr("interrupted", True)
            study.tell(trial.number, state=TrialState.FAIL)
            failed.append(trial.number)
    if failed:
        logger.warning("marked FAIL trial%s %s, left RUNNING by a worker that was stopped; %s not count",
                       "s" if len(failed) > 1 else "", ", ".join(map(str, failed)),
                       "they do" if len(failed) > 1 else "it does")
    return failed


def fail_gone_elsewhere(study: Any, folder: Any) -> None:
    """When a start of the tune begins (it holds the tune folder's lock, so no other start's driver runs): mark FAIL
    the RUNNING trials of workers on other hosts none of whose runs is in use (its lock held, or just made): the tune
    folder was copied from that host, or its job was requeued on another node, and the worker is gone with its runs.
    A trial whose run is in use there is named: it counts once it ends."""
    from optuna.trial import TrialState

    from gym_loop.sweeps import runinfo

    host, seeds, gone = socket.gethostname(), (folder.settings() or {}).get("seeds", []), []
    for trial in study.get_trials(deepcopy=False, states=(TrialState.RUNNING,)):
        worker = trial.user_attrs.get("worker") or {}
        if not worker.get("host") or worker["host"] == host:
            continue
        runs = [run for seed in seeds if (run := folder.run_dir(trial.number, seed)).is_dir()]
        used = next((run for run in runs if runinfo.busy(run, set()) or runinfo.status(run) == "running"), None)
        if used is None:
            gone.append((trial.number, worker))
            continue
        logger.warning("trial %d runs in a worker on %s (pid %s), which this host cannot check, and its run %s is "
                       "in use; it counts once it ends there: then re-run the same command", trial.number,
                       worker["host"], worker.get("pid"), used)
    for number, _ in gone:
        study.tell(number, state=TrialState.FAIL)
    if gone:
        many = len(gone) > 1
        logger.warning("marked FAIL trial%s %s, left RUNNING by worker%s on %s (pid %s) whose runs are not running "
                       "(the tune folder was copied, or its job moved to another node); %s not count",
                       "s" if many else "", ", ".join(str(number) for number, _ in gone), "s" if many else "",
                       ", ".join(dict.fromkeys(str(worker["host"]) for _, worker in gone)),
                       ", ".join(str(worker.get("pid")) for _, worker in gone), "they do" if many else "it does")


def running_here(study: Any) -> Dict[int, int]:
    """The RUNNING trials whose worker lives on this host: trial number -> the worker's pid. When a start of the tune
    begins (it holds the tune folder's lock) these are an earlier start's workers, whose driver was killed: each
    finishes its trial, then stops."""
    return {trial.number: pid for trial, pid, started in _workers_here(study)
            if process_alive(pid, started=started) is True}


def _workers_here(study: Any) -> List[Tuple[Any, Any, Any]]:
    """The RUNNING trials whose worker was on this host (:func:`mark_worker`), each with the worker's pid and start
    (None in an older record)."""
    from optuna.trial import TrialState

    host, found = socket.gethostname(), []
    for trial in study.get_trials(deepcopy=False, states=(TrialState.RUNNING,)):
        worker = trial.user_attrs.get("worker") or {}
        if worker.get("host") == host:
            found.append((trial, worker.get("pid"), worker.get("started")))
    return found
