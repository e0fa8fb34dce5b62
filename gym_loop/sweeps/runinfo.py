"""What a run folder says about its run, read only from the files of the run-folder contract.

``run.json`` (status, reason, seed, times, pid, host, git), ``episodes.csv``, ``evals.csv`` and
``checkpoints/latest`` (where its spec's loop parameters put them: :func:`run_files`). A run whose
``run.json`` says ``running`` but whose lock no process holds *died* (killed by the OS, power cut...), as
:meth:`gym_loop.run_folder.RunFolder.status` tells.
A run's ``spec.yaml`` (where its files are) is read once, within the limits of :mod:`gym_loop.yaml_safety`.
"""

import contextlib
import csv
import json
import logging
import math
import os
import time
from collections import Counter
from datetime import datetime
from pathlib import Path
from typing import Any, Dict, Iterable, Iterator, List, Optional, Sequence, Set

from gym_loop.files import whole_rows
from gym_loop.errors import GymLoopError, SpecError, denied, new_run_call, quoted
from gym_loop.lock import holder
from gym_loop.resolve import digest_of
from gym_loop.run_folder import (LOCK_FILE, NOT_BEGUN, RunFolder, cwd_of, last_code, made_not_begun, shown,
                                 with_files_found)

logger = logging.getLogger(__name__)

RECORD = "run.json"
SPEC = "spec.yaml"
TABLES = ("episodes_csv", "evals_csv")  # the loop parameters naming a run's CSV files
FILES = ("checkpoint_dir", *TABLES)  # the loop parameters naming the files a run's folder is read by
DONE = ("finished", "pruned")  # statuses of a run that reached its end
TAIL_BYTES = 64 * 1024
STARTING_SECONDS = 3.0  # a run folder changed this recently may be a run starting up, before it locks
LEAVE_OUT = "to leave that run out, move its folder elsewhere"
_UNREADABLE: Set[str] = set()  # the folders unreadable() has warned of


def error_line(log: Path) -> Optional[str]:
    """The ``Error: ...`` line of a run's last start in its sweep log (``logs/<config>/seed-<s>.log``, one
    ``$ gym-loop ...`` line per start), or None: no such line (killed, still running), or no log to read."""
    try:
        with open(log, "rb") as file:
            file.seek(max(0, file.seek(0, os.SEEK_END) - TAIL_BYTES))
            lines = file.read().decode("utf-8", errors="replace").splitlines()
    except OSError:
        return None
    starts = [number for number, line in enumerate(lines) if line.startswith("$ gym-loop ")]
    errors = [line for line in lines[starts[-1] if starts else 0:] if line.startswith("Error: ")]
    return errors[-1] if errors else None


def is_run_folder(path: Path) -> bool:
    """Whether ``path`` holds a run (``spec.yaml`` and ``run.json``)."""
    return (path / SPEC).is_file() and (path / RECORD).is_file()


def enclosing(folder: Path, name: str) -> Optional[Path]:
    """The nearest folder above ``folder`` holding a file ``name`` (a sweep's ``manifest.json``, a tune's
    ``tune.json``, a study's ``trials.csv``), or None."""
    return next((parent for parent in folder.parents if (parent / name).is_file()), None)


def read_record(path: Path) -> Optional[Dict[str, Any]]:
    """The run's ``run.json``, or None if it is missing or unreadable (a run that never started)."""
    try:
        record = json.loads((path / RECORD).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return record if isinstance(record, dict) else None


def status(path: Path, record: Optional[Dict[str, Any]] = None) -> str:
    """``absent`` (no ``run.json``), ``unreadable`` (a ``run.json`` that cannot be read or has no status, or a folder
    this user may not read),
    ``died`` (running, but no process holds its lock), or the recorded status."""
    record = read_record(path) if record is None else record
    if record is None and unreadable(path):
        return "unreadable"
    if record is None:
        return "unreadable" if (path / RECORD).exists() else "absent"
    recorded = record.get("status") or "unreadable"
    try:
        if recorded == "running" and RunFolder(path).status() == "died":  # nobody holds the run's lock
            return "died"
    except GymLoopError:  # its lock file is not one (a folder, another user's): a sweep says so when it asks
        return "unknown"
    return recorded


def solved(record: Optional[Dict[str, Any]]) -> bool:
    """Whether ``run.json`` says the run stopped because it met its ``reward_threshold`` (``solved after ...``)."""
    record = record or {}
    return record.get("status") == "finished" and str(record.get("reason")).startswith("solved after")


def busy(path: Path, starting: Set[str]) -> bool:
    """Whether a process works in the run folder now: it holds the folder's lock, is a ``train`` for it
    still starting (in ``starting``, see :func:`starting_trains`), or made the folder less than
    ``STARTING_SECONDS`` ago and has not locked it yet (``train`` locks it right after making it)."""
    if holder(path / LOCK_FILE) is not None or str(path.resolve()) in starting:
        return True
    try:
        # an mtime further in the future (a zip made in a time zone ahead, a clock ahead) is no run starting
        return not (path / LOCK_FILE).exists() and abs(time.time() - path.stat().st_mtime) < STARTING_SECONDS
    except OSError:
        return False


def starting_trains() -> Set[str]:
    """The run folders that a live ``gym-loop train`` on this machine names (``--run-dir`` or ``--resume``),
    from ``/proc`` (empty without it): a train started by a driver killed since may not have made its folder yet."""
    folders = set()
    for process in Path("/proc").glob("[0-9]*"):
        try:
            args = [os.fsdecode(arg) for arg in (process / "cmdline").read_bytes().split(b"\0")]
        except OSError:  # ended meanwhile, or another user's
            continue
        if "train" in args:
            folders.update(args[index + 1] for index, arg in enumerate(args[:-1]) if arg in ("--run-dir", "--resume"))
    return folders


def changed_code(path: Path, record: Optional[Dict[str, Any]]) -> List[str]:
    """The files of the run's ``file.py:Class`` classes whose sha256 differs now from what ``run.json``
    recorded when the run last trained (relative paths from the directory it was made in), those of its
    ``module:Class`` classes of a local (not installed) module, and those of its env's local modules if theirs
    does (see :func:`changed_env`): what ``train --resume`` compares."""
    recorded = last_code(record or {})
    if not recorded:
        return []
    try:
        spec = read_spec(path)
    except SpecError:  # the sweep reports such a run where it reads it
        return []
    changed = changed_env(path, spec, recorded.get("env"))
    for section, digest in recorded.items():
        part = spec.get(section) if section != "env" else None
        file = str(part.get("class", "") if isinstance(part, dict) else "").rpartition(":")[0]
        source = Path(cwd_of(record) or ".", Path(file).expanduser()) if file.endswith(".py") else _module_file(file)
        now = digest_of(source) if source is not None else None  # None: gone, unreadable (the run's resume says so)
        if now is not None and now != digest:
            changed.append(file if file.endswith(".py") else shown(source))
    return changed


def changed_files(folders: Iterable[Path]) -> Counter:
    """File -> how many of the runs in ``folders`` trained with another version of it (:func:`changed_code`)."""
    return Counter(file for folder in folders for file in changed_code(folder, read_record(folder)))


def _module_file(module: str) -> Optional[Path]:
    """The file of the local ``module`` of a ``module:Class`` class, imported as ``train`` imports it; None for an
    installed module, or one that cannot be imported (the run's resume says why)."""
    from gym_loop.provenance import local_file
    from gym_loop.resolve import import_module

    try:
        import_module(module)
    except Exception:  # the module's own failure too
        return None
    return local_file(module)


def changed_env(path: Path, spec: Dict[str, Any], digest: Any) -> List[str]:
    """The files of the env's local modules (``env.imports``, the module of a ``module:EnvId`` name), imported as
    ``train`` imports them, if their sha256 is not ``digest`` (``run.json``'s ``code.env``); else (or if they cannot
    be imported: the run's resume says why) none."""
    from gym_loop.provenance import env_digest, env_sources
    from gym_loop.spec import env_modules, import_env_modules

    env = spec.get("env") if isinstance(spec.get("env"), dict) else {}
    imports = env.get("imports") or []
    names = env_modules(env.get("name"), imports) if isinstance(imports, list) else []
    if not isinstance(digest, str) or not names or not all(isinstance(name, str) for name in names):
        return []
    with_files_found({"env": env}, path)  # the modules are also found in the directory the run was made in
    try:
        import_env_modules(names)
    except SpecError:
        return []
    now = env_digest(names)
    return [", ".join(map(shown, env_sources(names)))] if now is not None and now != digest else []


def plays_vector_loop(path: Path) -> bool:
    """Whether the run's ``loop.class`` is :class:`~gym_loop.loops.vector_loop.VectorLoop` or a subclass of it
    (False if its spec or class cannot be read: its resume says why)."""
    from gym_loop.loops.vector_loop import VectorLoop
    from gym_loop.resolve import resolve_class

    try:
        loop = with_files_found(read_spec(path), path).get("loop")
        cls = resolve_class(str(loop.get("class", "")) if isinstance(loop, dict) else "")
    except Exception:  # an unreadable spec, a class that fails to import: the run's train --resume says so
        return False
    return isinstance(cls, type) and issubclass(cls, VectorLoop)


def has_checkpoint(path: Path) -> bool:
    """Whether the run saved a checkpoint it can resume from (``latest`` in its ``checkpoint_dir``); True for a
    ``spec.yaml`` that cannot be read, whose resume says why (a restart would delete the run without knowing)."""
    if not (path / SPEC).exists():  # killed before its spec was written: before any checkpoint
        return False
    try:
        checkpoints = run_file(path, "checkpoint_dir")
    except SpecError:
        return True
    return (checkpoints / "latest").exists()


def at_planned_end(path: Path) -> bool:
    """Whether the run's latest checkpoint is where the run ended as its ``spec.yaml`` plans: ``max_episodes``
    episodes done, ``max_steps`` env steps, or ``reward_threshold`` met there (a run saves a checkpoint when it
    ends; see :func:`solved_at`). False when either cannot be read."""
    from gym_loop.errors import GymLoopError
    from gym_loop.run_checkpoints import find_checkpoint, read_state

    try:
        spec = read_spec(path)
        parameters = (spec.get("loop") or {}).get("parameters") or {}
        state = read_state(find_checkpoint(run_files(path, spec)["checkpoint_dir"], "latest"))
        done = state.get("loop") or {}
    except (GymLoopError, AttributeError):
        return False
    planned = [(parameters.get("max_episodes"), done.get("episodes")),
               (parameters.get("max_steps"), done.get("global_step"))]
    return (any(isinstance(end, int) and isinstance(reached, int) and reached >= end for end, reached in planned)
            or solved_at(path, parameters, done.get("episodes"), (state.get("run") or {}).get("summary") or {}))


def solved_at(path: Path, parameters: Dict[str, Any], episodes: Any, summary: Dict[str, Any]) -> bool:
    """Whether the run met its ``reward_threshold`` at its latest checkpoint, after ``episodes`` episodes, as the
    run judges it: the ``evals.csv`` row of that episode (with ``episodes_per_eval``), else the mean of the last
    100 training returns in the checkpoint's ``summary``."""
    from gym_loop.schedule.solved import WINDOW

    target = _threshold(path, parameters.get("reward_threshold"))
    if target is None or not isinstance(episodes, int):
        return False
    if parameters.get("episodes_per_eval"):
        try:
            evals = run_file(path, "evals_csv")
        except SpecError:
            return False
        rows = [row for row in (_rows(evals) if evals else []) if row.get("episode") == str(episodes)]
        return bool(rows) and _float(rows[-1].get("mean_return")) >= target
    returns = [value for value in summary.get("returns") or [] if isinstance(value, (int, float))][-WINDOW:]
    return len(returns) >= WINDOW and sum(returns) / len(returns) >= target


def _threshold(path: Path, threshold: Any) -> Optional[float]:
    """The run's ``reward_threshold`` as a number: ``env`` is its env's in Gymnasium's registry, its modules imported
    as ``train`` imports them (:func:`gym_loop.spec.registered_env`); None if unknown."""
    if threshold == "env":
        from gym_loop.spec import registered_env

        try:
            env = read_spec(path).get("env") or {}
            with contextlib.suppress(OSError, ValueError):  # else (run.json unreadable) from the working directory
                with_files_found({"env": env}, path)  # the modules are found where the run was made, too
            threshold = registered_env(env.get("name"), env.get("imports") or []).reward_threshold
        except (SpecError, AttributeError, TypeError):
            return None
    return float(threshold) if isinstance(threshold, (int, float)) and not isinstance(threshold, bool) else None


def read_spec(path: Path) -> Dict[str, Any]:
    """The ``spec.yaml`` of the run in ``path``, read as :func:`gym_loop.spec.load_spec` reads it (within the limits
    of :mod:`gym_loop.yaml_safety`, as its writer meant it: :func:`gym_loop.spec.parse_spec`).

    An empty file (a run cut short while writing it) is an empty spec.

    Raises:
        SpecError: It cannot be read, is too large, not YAML, past a limit (aliases, depth, a key given twice)
            or not a mapping; the message names the file.
    """
    from gym_loop import yaml_safety
    from gym_loop.spec import parse_spec

    file = path / SPEC
    try:
        spec = parse_spec(yaml_safety.read_text(file), str(file))
    except (OSError, UnicodeDecodeError) as error:
        raise SpecError("", denied(error, file) or f"{file} cannot be read ({error}); {LEAVE_OUT}") from error
    except SpecError as error:
        raise SpecError("", f"{error} ({LEAVE_OUT})") from error
    if spec is not None and not isinstance(spec, dict):
        raise SpecError("", f"{file} is not a run spec (a YAML mapping); {LEAVE_OUT}")
    return spec or {}


def run_files(path: Path, spec: Optional[Dict[str, Any]] = None) -> Dict[str, Optional[Path]]:
    """The run's files that ``loop.parameters.checkpoint_dir``, ``episodes_csv`` and ``evals_csv`` of its spec
    name (:data:`FILES`), as :func:`gym_loop.run_paths.loop_path` places them: inside the run folder unless
    absolute, the loop's defaults when not set; None for one set to null (no file).

    Args:
        path: The run folder.
        spec: Its spec, if already read (:func:`read_spec`); else it is read here.

    Raises:
        SpecError: The run's ``spec.yaml`` cannot be read (:func:`read_spec`).
    """
    from gym_loop.run_paths import loop_path

    loop = (read_spec(path) if spec is None else spec).get("loop")
    parameters = loop.get("parameters") if isinstance(loop, dict) else None
    return {key: loop_path(path, parameters, key) for key in FILES}


def run_file(path: Path, parameter: str) -> Optional[Path]:
    """The run's file (or folder) that ``loop.parameters.<parameter>`` names (one of :data:`FILES`); None when its
    spec sets it to null (see :func:`run_files`).

    Raises:
        SpecError: The run's ``spec.yaml`` cannot be read (:func:`read_spec`).
    """
    return run_files(path)[parameter]


def default_table(parameter: str) -> str:
    """The file name a run's ``parameter`` (``episodes_csv``, ``evals_csv``) has by default: ``episodes.csv``."""
    from gym_loop.loops.base_loop import BaseLoop

    return Path(BaseLoop.PARAMETERS[parameter].default).name


def training_returns(episodes: Optional[Path], count: int) -> List[float]:
    """The last ``count`` training episodes' returns, from ``episodes`` (a run's ``episodes.csv``; empty if there is
    none), read from its end (:func:`last_rows`); NaN for a cell that is not a number (a damaged file)."""
    return [_float(row.get("return")) for row in last_rows(episodes, count)]


def _float(text: Optional[str]) -> float:
    try:
        return float(text)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return math.nan


def last_row(path: Optional[Path]) -> Optional[Dict[str, str]]:
    """The last data row of a CSV file with a header, reading only its end; None without rows (or file)."""
    rows = last_rows(path, 1)
    return rows[-1] if rows else None


def last_rows(path: Optional[Path], count: int) -> List[Dict[str, str]]:
    """The last ``count`` rows of a CSV file with a header that were written whole (:func:`whole_rows`'s rule), read
    back from its end only as far as they take, so a run's length costs nothing; fewer if it has fewer, none without
    rows (or file)."""
    if path is None:
        return []
    rows: List[Dict[str, str]] = []
    try:
        with open(path, "rb") as file:
            header = file.readline()
            end = start = file.seek(0, os.SEEK_END)
            span = TAIL_BYTES
            while start > len(header) and len(rows) < count:
                start, span = max(len(header), end - span), span * 2
                file.seek(start)
                lines = file.read(end - start).splitlines(keepends=True)[start > len(header):]  # the first may be cut
                rows = whole_rows(line.decode("utf-8", "replace") for line in [header, *lines])
    except OSError:
        return []
    return rows[-count:]


def count_rows(path: Path) -> int:
    """Data rows of a CSV file with a header that were written whole (:func:`whole_rows`'s rule: not a row of another
    width than the header, nor a last line cut short); 0 if it is missing. Commas are counted, but in a quoted line."""
    def width(line: bytes) -> int:
        if b'"' not in line:
            return line.count(b",") + 1
        return len(next(csv.reader([line.decode("utf-8", "replace")]), []))

    try:
        with open(path, "rb") as file:
            header = file.readline()
            return sum(line.endswith(b"\n") and width(line) == width(header) for line in file) if header else 0
    except OSError:
        return 0


def sweep_runs(sweep_path: Path) -> List[Dict[str, Any]]:
    """The runs of the sweep in ``sweep_path`` as its ``manifest.json`` plans them: config id, seed and folder
    (relative to the sweep), in the order of its configs and seeds.

    This is the one list of a sweep's runs that ``gym-loop aggregate``, the sweep's own scores and
    ``gym-loop plot`` read: a folder under ``runs/`` that is not in the plan (a copy such as ``seed-1.bak``)
    is not a run of the sweep. Config ids come from the manifest, never from ``configs.csv`` (a table for
    people); one that does not list the plan's configs is reported in a warning.

    Raises:
        SpecError: The manifest cannot be read.
    """
    from gym_loop.sweeps.state import CONFIGS, SweepFolder, entry

    sweep = SweepFolder(sweep_path)
    entries = [entry(sweep, run, "") for run in sweep.plan()]
    planned = list(dict.fromkeys(run["config"] for run in entries))
    try:
        with open(sweep.path / CONFIGS, newline="", encoding="utf-8") as file:
            listed = [row["config"] for row in csv.DictReader(file)]
    except (OSError, KeyError, UnicodeDecodeError, csv.Error):
        listed = None
    if listed is not None and listed != planned:
        logger.warning("%s does not list the sweep's configs (it was edited or damaged): its configs are taken "
                       "from manifest.json", sweep.path / CONFIGS)
    return entries


def find_runs(root: Path, lost: Optional[List[Path]] = None) -> Iterator[Path]:
    """Every run folder under ``root`` (``root`` itself included), sorted, without entering a run folder; the
    folders that lost their ``run.json`` (:func:`lost_record`) are added to ``lost``, if given. A symlink to a run
    folder is one; a symlink to any other folder is not entered (no loops). A folder this user cannot read is left
    out with a warning (:func:`unreadable`)."""
    if unreadable(root):
        return
    if is_run_folder(root) or made_not_begun(root):  # also a run killed before its run.json: summary() says so
        yield root
        return
    if lost is not None and lost_record(root):
        lost.append(root)
    try:
        children = sorted(child for child in root.iterdir() if child.is_dir())
    except OSError:
        return
    for child in children:
        if not child.is_symlink() or is_run_folder(child) or made_not_begun(child):
            yield from find_runs(child, lost)


def unreadable(folder: Path) -> bool:
    """Whether this user may not look into ``folder`` (another user's run made under umask 077), which is then left
    out with a warning (once per folder)."""
    try:
        os.listdir(folder)
        (folder / SPEC).exists()
    except PermissionError:
        if os.path.realpath(folder) not in _UNREADABLE:
            _UNREADABLE.add(os.path.realpath(folder))
            logger.warning("%s cannot be read (permission denied), so it is left out; fix its permissions "
                           "(chmod -R a+rX %s) or ask its owner", folder, quoted(folder))
        return True
    except OSError:
        pass
    return False


def lost_record(path: Path) -> bool:
    """Whether ``path`` holds a run's ``spec.yaml`` and the ``episodes.csv`` it names but no ``run.json`` (a
    partial copy, or deleted): a run that trained, which no command can read as one."""
    if unreadable(path) or not (path / SPEC).is_file() or (path / RECORD).exists():
        return False
    try:
        episodes = run_file(path, "episodes_csv")
    except SpecError:  # not a run's spec that can be read: not a run's folder to name
        return False
    return episodes is not None and episodes.is_file()


def warn_lost_records(folders: Sequence[Path]) -> None:
    """Warn of the folders :func:`lost_record` finds, in one line: they are left out, and how to have them back."""
    if folders:
        logger.warning("%d folder(s) have a run's spec.yaml and episodes.csv but no run.json, so they are not read "
                       "as runs and are left out: %s; restore each one's run.json from a copy of the run",
                       len(folders), ", ".join(map(str, folders)))


def summary(path: Path) -> Dict[str, Any]:
    """The row ``gym-loop runs ls`` shows for a run folder; a run whose ``spec.yaml`` cannot be read has unknown
    counts, with a warning saying why."""
    record = read_record(path) or {}
    try:
        files = run_files(path)
    except SpecError as error:
        if (path / SPEC).exists():  # else a run killed before its spec.yaml: its reason says so
            logger.warning("%s", error)
        files = dict.fromkeys(FILES)
    episodes, evals = files["episodes_csv"], files["evals_csv"]
    last_episode, last_eval = last_row(episodes), last_row(evals)
    counted = episodes is not None and episodes.is_file() and os.access(episodes, os.R_OK)  # else unknown ("-"), not 0
    if made_not_begun(path):  # a train making it now, or one killed before the run began
        started = holder(path / LOCK_FILE) is not None
        why = (NOT_BEGUN + new_run_call(shown(path / SPEC)) if (path / SPEC).is_file()
               else "killed while it was being made, before its spec.yaml: nothing ran; remove the folder")
        found = ("starting", "") if started else ("no record", why)
    else:
        found = (status(path, record), str(record.get("reason") or "").partition("\n")[0])  # a row: one line
    return {
        "status": found[0], "reason": found[1],
        "episodes": count_rows(episodes) if counted else None,
        "steps": (_number(last_episode, "global_step", int) or 0) if counted else None,
        "last_eval": _number(last_eval, "mean_return", float),
        "seed": record.get("seed"), "started": record.get("started") or "",
        "train_seconds": trained_seconds(record, last_episode),
        "git": _git_shown(record.get("git")),
    }


def _git_shown(git: Any) -> str:
    """run.json's ``git`` as ``runs ls`` shows it: the commit's first 10 characters, ``+dirty`` (git describe's
    mark) for a changed tree or a loaded file not in git; ``uncommitted`` before a first commit, ``unknown`` when git
    could not read the repository; nothing outside git (also when only the code files loaded are in a repository)."""
    if not isinstance(git, dict) or (git.get("commit") is None and "outside" in git and "error" not in git):
        return ""
    commit = (git.get("commit") or "")[:10] or ("unknown" if git.get("error") else "uncommitted")
    return commit + ("+dirty" if git.get("commit") and git.get("dirty") else "")


def _number(row: Optional[Dict[str, str]], key: str, cast: type) -> Any:
    """``cast(row[key])``, or None without a row or for a line still being written."""
    try:
        return cast(row[key]) if row else None
    except (KeyError, TypeError, ValueError):
        return None


def _rows(path: Path) -> List[Dict[str, str]]:
    try:
        with open(path, newline="", encoding="utf-8") as file:
            return whole_rows(file.readlines())
    except OSError:
        return []


def trained_seconds(record: Dict[str, Any], last_episode: Optional[Dict[str, str]]) -> Optional[float]:
    """Seconds the run trained, summed over its attempts: the ``seconds`` of its last ``episodes.csv`` row
    (the run's own clock, carried across resumes; its periodic evaluations and checkpoint saves included).
    Without ``episodes.csv``, ``ended - started`` of a run that ended and was never resumed; else None
    (unknown): never the wall clock since it started, which grows for a run that died and counts the time
    between a run's attempts.
    """
    seconds = _number(last_episode, "seconds", float)
    if seconds is not None:
        return seconds  # as the file has it: csv and json are summed over runs (the table shows 4 digits)
    started, ended = _parse_time(record.get("started")), _parse_time(record.get("ended"))
    if started is None or ended is None or record.get("resumed"):
        return None
    return ended - started


def _parse_time(text: Any) -> Optional[float]:
    if not isinstance(text, str):
        return None
    for layout in ("%Y-%m-%dT%H:%M:%S%z", "%Y-%m-%dT%H:%M:%S.%f%z", "%Y-%m-%dT%H:%M:%S"):
        try:
            return datetime.strptime(text, layout).timestamp()
        except ValueError:
            continue
    return None
