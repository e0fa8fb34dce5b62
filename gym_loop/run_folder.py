"""The run folder of one training run: its spec, its record (``run.json``), logs and checkpoints.

docs/runs.rst ("What a run folder promises") says what keeps it whole and its own."""

import contextlib
import json
import logging
import os
import re
import shutil
import socket
import time
import uuid
from pathlib import Path
from typing import Any, Dict, Iterable, List, Optional, Tuple

from gym_loop import yaml_safety
from gym_loop.errors import (GymLoopError, SpecError, command_line, denied, eval_call, from_cli, locale_problem,
                             new_run_call, program, resume_call, set_in_params)
from gym_loop.files import (ID_FILE, LOCK_FILE, RECORD_FILE, SEAL, SPEC_FILE, SWEEP_MANIFEST, TUNE_SETTINGS,
                            claimed, identity, json_text, json_value, name_max, on_disk, recorded, reserve, shown,
                            temporary_of, timestamped, write_atomically, write_together)
from gym_loop.lock import held, holder
from gym_loop.path_checks import refuse_file_in_the_way
from gym_loop.provenance import git_state, threads, versions
from gym_loop.resolve import sha256

COMPLETE_KEYS = ("agent:", "env:", "loop:", "runs_dir:", "seed:")  # top-level keys every written spec has
LEFTOVERS = (".saving-*", ".*.tmp")  # but run.json's, its reserve (RunFolder._reserve)
RESERVE = 4096  # bytes more than run.json that its reserve keeps

logger = logging.getLogger(__name__)


NOT_BEGUN = "killed while it was being made, before it began; start it again with: "


def made_not_begun(path: Path) -> bool:
    """Whether ``path`` holds a run's ``spec.yaml`` (or its ``.lock`` alone) and no ``run.json``, nothing else but
    dot files (temporary files): a train killed before it wrote run.json (or spec.yaml), which never ran."""
    try:
        names = os.listdir(path)
    except OSError:
        return False
    return ((path / SPEC_FILE).is_file() or LOCK_FILE in names) and all(
        name == SPEC_FILE or name.startswith(".") for name in names)


class RunFolder:
    """A run's folder and its ``run.json``: provenance, seed, command, times and status.

    Args:
        path: The folder, which exists.
    """

    def __init__(self, path: Path):
        self.path = Path(path)  # as given: messages show it so
        # Where the folder is, whatever the working directory becomes while the run trains (a library's os.chdir,
        # a notebook's %cd while training runs in a thread): what is read and written after the start goes there.
        self.absolute = Path(os.path.abspath(self.path))
        self.spec_path, self.record_path = self.path / SPEC_FILE, self.absolute / RECORD_FILE
        self.started = False  # whether this process recorded the run as running (start or resume)
        self.announced = False  # whether the user was told where the run is
        self._lock = contextlib.ExitStack()
        self._identity: Optional[Tuple[int, int]] = None  # the folder's (device, inode) when locked
        self._handle: Optional[int] = None  # a descriptor of the folder, which follows it if it is moved
        self.gone = False  # moved to a place unknown, or deleted: nothing more is written for the run
        self.git: Optional[Dict[str, object]] = None  # the git state the last start or resume recorded
        self._written: Optional[Dict[str, Any]] = None  # the record this process last wrote: finish() starts from it
        self.made: List[Path] = []  # the folders this process made for the run (create, create_at), deepest first

    @classmethod
    def create(cls, parent: Path, name: str) -> "RunFolder":
        """Make ``parent/<name>-<timestamp>``, with a suffix ``-2``, ``-3``... if that is taken.

        Raises:
            SpecError: That name is too long for the file system (a long spec file name); nothing is made.
        """
        parent = Path(parent).expanduser()
        refuse_file_in_the_way("runs_dir", parent, runs=True)
        stem = timestamped(name)
        _check_name_length(parent, stem)
        made = _made_dirs(parent)
        run = cls(claimed(parent / stem))
        run.made = [run.path, *made]
        return run

    @classmethod
    def create_at(cls, path: Path) -> "RunFolder":
        """Make the run folder exactly at ``path`` (``--run-dir``).

        Raises:
            SpecError: ``path`` exists and is not an empty folder.
        """
        path, key = Path(path).expanduser(), "--run-dir" if from_cli() else "run_dir"  # train_agent's
        if path.exists() and (not path.is_dir() or any(path.iterdir())):
            if (path / LOCK_FILE).is_file():  # its process trains it (or makes it): exit 3, as --resume would
                with held(path / LOCK_FILE, f"run folder {path}"):
                    pass
            if path.is_dir() and cls.problem(path) is None:  # this spec's run, interrupted (a requeued batch job)
                raise SpecError(key, f"{path} is a run folder ({cls(path).status()}); continue it with: "
                                     f"{resume_call(path)}, or give a new path")
            raise SpecError(key, f"{path} exists and is not an empty folder; give a new path")
        refuse_file_in_the_way(key, path, runs=True)
        run = cls(path)
        run.made = _made_dirs(path)  # none for an empty folder the user made: remove() empties it, and keeps it
        return run

    @staticmethod
    def problem(path: Path) -> Optional[str]:
        """Why ``path`` is not a run folder (one with ``spec.yaml`` and ``run.json``, both whole), or None if it is."""
        missing = [name for name in (SPEC_FILE, RECORD_FILE) if not (Path(path) / name).is_file()]
        if not missing:
            return _spec_problem(Path(path) / SPEC_FILE) or _record_problem(Path(path) / RECORD_FILE)
        kind = next((kind for kind, file in (("a sweep folder", SWEEP_MANIFEST), ("a tune folder", TUNE_SETTINGS))
                     if (Path(path) / file).is_file()), None)  # both have a spec.yaml too: nothing was deleted
        runs = [] if RECORD_FILE not in missing else [  # a folder of runs: runs/, a sweep's, a tune trial's
            found.parent for depth in range(1, 4) for found in sorted(Path(path).glob("*/" * depth + RECORD_FILE))][:1]
        if kind or runs:
            example = f", e.g. {runs[0]}" if runs else ""
            return f"{path} is {kind or 'a folder of runs'}, not a run folder; give one of its runs{example}"
        if made_not_begun(Path(path)) and SPEC_FILE not in missing:
            return (f"{path} has no {RECORD_FILE} and no checkpoint: a run {NOT_BEGUN}"
                    f"{new_run_call(shown(Path(path) / SPEC_FILE))} (or remove {path} and run the first command again)")
        if len(missing) == 1:  # a run folder that lost one of them
            return f"{path} has no {missing[0]} (deleted?); restore it from a copy of the run"
        return (f"{path} is not a run folder (it has no {SPEC_FILE} and {RECORD_FILE}); "
                + (f"{program()} train makes them under runs/" if from_cli() else
                   "train_agent makes them under runs_dir"))

    def write_spec(self, spec: Dict) -> None:
        """Write the resolved spec, the one resuming and evaluating will use."""
        write_atomically(self.spec_path, sealed_text(spec))

    def announce(self, seed: int) -> None:
        """Log where the run is and its seed."""
        logger.info("run folder: %s (seed %d)", self.path, seed)
        self.announced = True

    def record(self) -> Dict[str, Any]:
        """The run's ``run.json``."""
        return json_value(self.record_path.read_text(encoding="utf-8"))

    def lock(self) -> None:
        """Become the folder's only writer until :meth:`finish` or :meth:`remove` (or the process ends).

        Raises:
            gym_loop.lock.Locked: Another process writes the run (exit code 3), named in the message.
        """
        self._lock.enter_context(held(self.path / LOCK_FILE, f"run folder {self.path}"))
        self._identity = identity(self.path)
        with contextlib.suppress(OSError):
            self._handle = os.open(self.path, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
            self._lock.callback(os.close, self._handle)
        record = self.record() if self.record_path.is_file() else {}
        if record.get("status") == "running":  # this process holds the lock: the one that wrote "running" is gone
            logger.warning("resuming a run that died: run.json says running (pid %s on %s) but no process "
                           "holds its lock", record.get("pid"), record.get("host"))

    def moved(self) -> Optional[str]:
        """None while the folder is where it was locked; else what became of it: moved (to where, if the system
        says: Linux's ``/proc/self/fd``) or deleted (:attr:`gone`). From then on this object is the folder where it
        is, so that :meth:`finish` records the run there (nowhere if that is unknown)."""
        if self._identity is None:
            return None
        if identity(self.absolute) == self._identity:
            if not self.started or self.record_path.exists():
                return None
            self.gone = True  # rm -r under way (a checkpoint renamed into it meanwhile kept the folder), or by hand
            return f"the run folder {self.path} was deleted while training (its run.json is gone), and this run stopped"
        old, now = self.path, self._found()
        if now is None:
            self.gone = True
            return f"the run folder {old} was moved or deleted while training, and this run stopped"
        self.absolute, self.path = now, Path(shown(now))
        self.spec_path, self.record_path = self.path / SPEC_FILE, now / RECORD_FILE
        return f"the run folder {old} was moved to {self.path} while training, and this run stopped"

    def _found(self) -> Optional[Path]:
        """Where the folder locked is now, if the system says (Linux), else None (also when it was deleted)."""
        try:
            found = Path(os.readlink(f"/proc/self/fd/{self._handle}"))
        except (OSError, TypeError):  # no /proc, no descriptor
            return None
        return found if identity(found) == self._identity else None  # a deleted one's link ends in " (deleted)"

    def unlock(self) -> None:
        """Let another process write the run."""
        self._lock.close()

    def status(self) -> str:
        """The run's status as ``run.json`` records it, but ``died`` for a ``running`` run whose
        process is gone (killed with ``kill -9``, out of memory, power lost): nobody holds its lock."""
        status = self.record().get("status")
        if status == "running" and holder(self.path / LOCK_FILE) is None:
            return "died"
        return status

    def start(self, seed: int, code: Optional[Dict[str, str]] = None, files: Iterable[Path] = (),
              packages: Optional[Dict[str, Optional[str]]] = None) -> None:
        """Record a new run as ``running``, with the sha256 of its file classes' code (``code``) and the git state,
        ``files`` (those the code came from) checked for being in git, and the versions of the installed
        ``packages`` its classes and env came from."""
        self.git = git_state(files)
        self._write_record({**versions(), "packages": packages or {}, "git": self.git, "cwd": recorded(os.getcwd()),
                            "command": list(map(recorded, command_line())), "seed": seed, "code": code or {},
                            "started": _now(), "ended": None, "status": "running", "reason": None, "resumed": [],
                            "id": uuid.uuid4().hex, **_process()})
        self._reserve()
        self.started = True

    def resume(self, checkpoint: Path, spec: Dict, code: Optional[Dict[str, str]] = None,
               files: Iterable[Path] = (), packages: Optional[Dict[str, Optional[str]]] = None) -> None:
        """Record that the run continues from ``checkpoint`` with the resolved ``spec`` (written as ``spec.yaml``;
        the one it replaces, if different, kept as ``spec-before-resume-N.yaml`` and its changed values recorded);
        ``code`` (the sha256s of its classes' files), ``files`` and ``packages`` as for :meth:`start`."""
        import yaml

        from gym_loop.spec import leaves

        record, text = self.record(), self.spec_path.read_text(encoding="utf-8")
        saved = yaml.safe_load(text)
        written = as_written(spec, saved, cwd_of(record))  # its file classes as the run wrote them
        old, new = leaves(saved), leaves(written)
        changed = {key: [old.get(key), new.get(key)] for key in sorted({*old, *new}) if old.get(key) != new.get(key)}
        kept, texts = None, {}  # the files the resume writes, all or none (a full disk leaves the run as it was)
        if not text.startswith(SEAL):  # every run since 0.3.0 wrote it sealed: the line deleted to accept an edit
            logger.warning("%s was edited by hand (its checksum line deleted): this resume's record of changes "
                           "(run.json, spec-before-resume-N.yaml) starts from the edited file, not from what the "
                           "episodes before it trained with; to change a value, resume with %s instead",
                           shown(self.spec_path), "--set KEY=VALUE" if from_cli() else "the value in run_params")
        if changed:  # the spec it replaces kept, and each changed value recorded: dotted key -> [old, new]
            kept = f"spec-before-resume-{len(record.get('resumed') or []) + 1}.yaml"
            texts[self.path / kept] = text
        if changed or not text.startswith(SEAL):  # sealed again: what the run trains with from here
            texts[self.spec_path] = sealed_text(written)
        previous = "died" if record.get("status") == "running" else record.get("status")  # see lock()
        code = code or {}
        record["resumed"] = record.get("resumed") or []  # a run.json edited by hand may lack it: no resume yet
        self.git = git_state(files)
        record["resumed"].append({"started": _now(), "command": list(map(recorded, command_line())),
                                  "cwd": recorded(os.getcwd()), "checkpoint": recorded(str(checkpoint)),
                                  "after": previous, "spec_before": kept, "changed": changed, "git": self.git,
                                  "code": code, **versions(), "packages": packages or {}, **_process()})
        record = {**record, "ended": None, "status": "running", "reason": None, **_process()}
        write_together({**texts, self.record_path: record_text(record)})
        self._written = record
        self._reserve()
        self.started = True

    def changed_code(self, code: Dict[str, str]) -> Dict[str, Tuple[str, str]]:
        """The sections whose file class's sha256 in ``code`` is not the one the run last trained with:
        section -> (the run's sha256, ``code``'s)."""
        before = last_code(self.record())
        return {section: (before[section], code[section]) for section in sorted(set(before) & set(code))
                if before[section] != code[section]}

    def finish(self, status: str, reason: str) -> None:
        """Record the run's end status and why, then unlock; the thread settings are recorded now, once the
        agent has set torch's (a resumed run's in its last ``resumed`` entry)."""
        try:
            gone = self.gone
            if (what := self.moved()) is not None and self.gone and not gone:  # else the caller said so
                logger.warning("%s; run.json is not written", what)
            if self.started and not self.gone:  # else a resume failed before training: the run stays as it was
                try:
                    self.record()
                except ValueError as error:  # an editor's half save, a sync tool: the run's own record replaces it
                    logger.warning("%s was damaged while the run trained (%s: %s); written again whole",
                                   shown(self.record_path), type(error).__name__, error)
                record = dict(self._written or self.record())
                (record["resumed"][-1] if record.get("resumed") else record)["threads"] = threads()
                try:
                    self._write_record({**record, "ended": _now(), "status": status, "reason": reason})
                except OSError as error:  # a full disk: run.json stays whole, saying running (runs ls: died)
                    if status == "finished":
                        raise
                    logger.warning("%s could not be written (%s): runs ls reports the run died, not %s",
                                   shown(self.record_path), error.strerror or error, status)
        finally:
            self.unlock()

    def claim(self, checkpoint_dir: Path) -> None:
        """Mark ``checkpoint_dir`` as this run's checkpoint directory (nothing for a run without id).

        Raises:
            GymLoopError: The directory belongs to another run.
        """
        run_id = self.record().get("id")
        if run_id is None:
            return
        owner = self._refuse_foreign(checkpoint_dir, run_id)
        if owner is None:  # a resume's is there: not written again (a read-only checkpoints folder resumes as far)
            write_atomically(Path(checkpoint_dir) / ID_FILE, run_id + "\n")

    def _refuse_foreign(self, checkpoint_dir: Path, run_id: str) -> Optional[str]:
        """The run id ``checkpoint_dir`` names (None for none); refused if another run's."""
        owner = read_id(checkpoint_dir)
        if owner is not None and owner != run_id:  # its run-id changed, or copied from another run's
            raise GymLoopError(f"{shown(checkpoint_dir)} holds the checkpoints of another run (id {owner}), not "
                               f"of {shown(self.path)} (id {run_id}); if they are this run's, write {run_id} into "
                               f"{shown(Path(checkpoint_dir) / ID_FILE)}, else start a new run: "
                               f"{new_run_call(shown(self.spec_path))}")
        return owner

    def check(self, checkpoint: Path, given: Optional[str] = None, directory: Optional[Path] = None,
              evaluating: bool = False) -> None:
        """Refuse to load ``checkpoint`` into this run if another run saved it.

        Args:
            checkpoint: The checkpoint folder.
            given: The path the user gave for it (``eval --run RUN --checkpoint PATH``), if so.
            directory: The run's checkpoint directory, where the message looks for another checkpoint to use.
            evaluating: For ``eval --run`` (the message says which checkpoint to evaluate instead).

        Raises:
            SpecError: At ``--checkpoint``, a ``given`` checkpoint of another run; the message names that run.
            GymLoopError: The checkpoint's id is not the run's.
        """
        run_id, owner = self.record().get("id"), read_id(checkpoint)
        if run_id is None or owner is None or owner == run_id:
            return
        if given is not None:
            found = _run_of(Path(checkpoint), owner)
            own = (f"({shown(found)}), not by {self.path}; evaluate it with its own run: "
                   f"{eval_call(shown(found), Path(checkpoint).name)}, or," if found else
                   f"(id {owner}), not by {self.path};")
            raise SpecError("--checkpoint" if from_cli() else "checkpoint",
                            f"{given} was saved by another run {own} to load it into this run's agent anyway: "
                            f"{eval_call(checkpoint=given, spec=self.spec_path)}")
        from gym_loop.run_checkpoints import damaged  # which of the run's own checkpoints to use instead

        name, directory = Path(checkpoint).name, Path(directory or Path(checkpoint).parent)
        self._refuse_foreign(directory, run_id)  # the whole folder another run's: no checkpoint in it helps
        instead = damaged(directory / name, evaluating, run_id)
        raise GymLoopError(f"checkpoint {name} was saved by another run (id {owner}), not by {self.path} (id "
                           f"{run_id}); it is not loaded; {instead}")

    def remove_leftovers(self, checkpoint_dir: Path) -> None:
        """Delete the staging folders and temporary files an earlier attempt left in the run and ``checkpoint_dir``."""
        removed = [path for folder in (self.path, Path(checkpoint_dir)) for pattern in LEFTOVERS
                   for path in sorted(folder.glob(pattern)) if path != temporary_of(self.record_path)]
        for path in removed:
            _delete(path)
        if removed:
            logger.info("removed %d unfinished file(s) of an earlier attempt: %s", len(removed),
                        ", ".join(path.name for path in removed))

    def remove(self) -> str:
        """Undo :meth:`create` or :meth:`create_at`: delete the folder if this process made it, else (an empty
        folder given) empty it again; then the parents it made, those left empty. Nothing made before is touched.
        Returns what became of the folder: ``removed`` or ``emptied``."""
        self.unlock()
        made = bool(self.made) and self.made[0] == self.path
        for path in [self.path] if made else list(self.path.iterdir()):
            _delete(path)
        for parent in self.made[1:]:
            try:
                parent.rmdir()
            except OSError:  # not empty (another run's), or gone: nor are its own parents
                break
        return "removed" if made else "emptied"

    def _write_record(self, record: Dict[str, Any]) -> None:
        write_atomically(self.record_path, record_text(record))  # never in place: a failure leaves the old record
        self._written = record

    def _reserve(self) -> None:
        """Keep the disk that :meth:`finish`'s record takes (the run's own longer by its end, reason and threads),
        so that a run stopped by a full disk still records it."""
        with contextlib.suppress(OSError):
            reserve(self.record_path, self.record_path.stat().st_size + RESERVE)


def record_text(record: Dict[str, Any]) -> str:
    """``run.json``'s text of ``record``."""
    return json_text(record, indent=2) + "\n"


def sealed_text(spec: Dict) -> str:
    """``spec.yaml``'s text of the resolved ``spec``: YAML as the user wrote it (résultats), after its checksum
    line."""
    text = yaml_safety.dump(spec)
    return f"{SEAL}{sha256(text.encode())}\n{text}"


def same_class(given: Optional[str], trained: Optional[str]) -> bool:
    """Whether the class strings ``given`` and ``trained`` name the same class of the same file or module (a file
    by its name: ``agent.py:A`` and ``/proj/agent.py:A`` are one, as a run resumed or evaluated elsewhere resolves
    them)."""
    if not isinstance(given, str) or not isinstance(trained, str):
        return True
    (module, _, name), (trained_module, _, trained_name) = given.rpartition(":"), trained.rpartition(":")
    return name == trained_name and Path(module).name == Path(trained_module).name


def _made_dirs(path: Path) -> List[Path]:
    """``mkdir -p path``; the folders it made, ``path`` first, then its parents up to the first that existed."""
    missing = []
    for folder in (path, *path.parents):
        if os.path.lexists(folder):
            break
        missing.append(folder)
    path.mkdir(parents=True, exist_ok=True)
    return missing


def last_code(record: Dict[str, Any]) -> Dict[str, str]:
    """The ``code`` of a ``run.json`` ``record`` the run last trained with: its last resume's, else its start's."""
    resumed = record.get("resumed") or []
    code = (resumed[-1] if resumed and isinstance(resumed[-1], dict) and "code" in resumed[-1] else record).get("code")
    return code if isinstance(code, dict) else {}


def run_name(spec_path: Path) -> str:
    """The name of a run, sweep or tune started from ``spec_path``: the file's stem (``lake`` of ``lake.yaml``); of a
    run, sweep or tune folder's ``spec.yaml``, that folder's (``cp`` of ``runs/cp-20260130-171500-2/spec.yaml``, also
    of a run killed before it wrote run.json; ``ce`` of ``tunes/ce/spec.yaml``), so one started again from it, as the
    errors advise, is named like it (and continues the sweep or tune); of a tune's ``best.yaml``, the tune's and its
    best trial's (``lake-trial-12`` of ``tunes/lake/best.yaml``), as the sweep its closing message gives."""
    spec_path = Path(spec_path)
    folder = spec_path.resolve().parent.name
    if spec_path.name == "best.yaml" and (spec_path.parent / TUNE_SETTINGS).is_file():  # a tune's best trial
        trial = best_trial(spec_path.parent / "trials.csv")  # as the tune's re-evaluation command names its sweep
        return f"{folder}-trial-{trial}" if trial is not None else f"{folder}-best"
    timed = re.fullmatch(r"(.+)-\d{8}-\d{6}(-\d+)?", folder)
    if not re.fullmatch(r"spec(-before-resume-\d+)?\.yaml", spec_path.name) or not (timed or any(
            (spec_path.parent / name).is_file() for name in (RECORD_FILE, SWEEP_MANIFEST, TUNE_SETTINGS))):
        return spec_path.stem
    return timed.group(1) if timed else folder


def best_trial(trials_csv: Path) -> Optional[int]:
    """The number of the best complete trial in a tune's ``trials.csv`` (the first of those with the highest value,
    as the tune chooses ``best.yaml``'s), or None if it has none or cannot be read."""
    import csv

    try:
        with open(trials_csv, newline="", encoding="utf-8") as file:
            rows = [(float(row["value"]), -int(row["number"])) for row in csv.DictReader(file)
                    if row.get("state") == "COMPLETE"]
    except (OSError, ValueError, KeyError, TypeError, csv.Error):
        return None
    return -max(rows)[1] if rows else None


def _check_name_length(parent: Path, stem: str) -> None:
    """Refuse a run folder name longer than the file system under ``parent`` allows (with room for ``-NN``)."""
    limit = name_max(parent)
    length = len(os.fsencode(stem)) + 3  # "-2"... if the name is taken
    if length > limit:
        raise SpecError("", f"the run folder's name {stem[:24]}...{stem[-16:]} would be {length - 3} bytes, too long "
                            f"for the file system (at most {limit - 3} here, leaving room for a -2 suffix); give the "
                            "run folder with --run-dir PATH (or rename the spec file)")


def with_files_found(document: Any, folder: Path) -> Any:
    """A run's spec ``document`` with each relative ``file.py:Class`` path taken from the directory the run was
    made in (``run.json``'s ``cwd``) where that file still is, so the run resumes and evaluates its own code from
    anywhere, not a file of the same name in the working directory. Its ``env.imports`` found nowhere else are
    imported from there too (:func:`~gym_loop.resolve.also_import_from`). ``document`` itself is left as it is.
    Both entry points take a run's spec through here (:func:`run_document`)."""
    from gym_loop.resolve import also_import_from  # not for every reader of a run folder (plots, sweeps)

    made_in = cwd_of(RunFolder(folder).record())
    if made_in and os.path.commonpath([os.path.realpath(made_in), os.path.realpath(folder)]) == \
            os.path.realpath(folder):  # a run is never made inside itself: a crafted run.json, to import its files
        made_in = None
    if not made_in or not isinstance(document, dict) or _same_folder(made_in, os.getcwd()):
        also_import_from(None, ())  # the working directory's modules, not those of a run before
        return document
    env = document.get("env") if isinstance(document.get("env"), dict) else {}
    if isinstance(env.get("imports") or [], list):
        from gym_loop.spec import env_modules

        also_import_from(Path(made_in), env_modules(env.get("name"), env.get("imports") or []))
    document = dict(document)
    for section in ("agent", "policy", "loop"):
        if (there := _class_there(document.get(section), made_in)) is not None:
            document[section] = {**document[section], "class": there}
    return document


def as_written(document: Dict, saved: Any, made_in: Optional[str]) -> Dict:
    """The resumed run's resolved spec ``document`` with each class that :func:`with_files_found` took from the
    directory the run was made in (``made_in``) put back as the run's ``saved`` spec writes it, relative: spec.yaml
    stays portable, and a resume from elsewhere changes nothing the user did not."""
    if not made_in or not isinstance(saved, dict):
        return document
    document = dict(document)
    for section in ("agent", "policy", "loop"):
        part, there = document.get(section), _class_there(saved.get(section), made_in)
        if there is not None and isinstance(part, dict) and part.get("class") == there:
            document[section] = {**part, "class": saved[section]["class"]}
    return document


def _class_there(part: Any, made_in: str) -> Optional[str]:
    """The spec section ``part``'s relative ``file.py:Class`` with its file's path in the directory ``made_in``, if
    that file is there; else None."""
    path, _, name = str(part.get("class", "") if isinstance(part, dict) else "").rpartition(":")
    there = os.path.join(made_in, path)
    return f"{there}:{name}" if path.endswith(".py") and not os.path.isabs(path) and os.path.isfile(there) else None


def run_document(folder: Path, document: Any, overrides: Iterable[Any] = ()) -> Any:
    """A run's spec ``document`` (its spec.yaml, or what the caller gave for it) as ``--resume``, ``eval --run``,
    ``train_agent(resume=)`` and ``eval_agent(run_dir=)`` take it: its files found where the run was made
    (:func:`with_files_found`), then the ``overrides`` applied; a class file found nowhere (moved or deleted since
    the run trained) is refused with the way on, ``--set agent.class=PATH.py:Class``.

    Raises:
        SpecError: As :func:`~gym_loop.spec.apply_overrides`; or a class file found nowhere.
    """
    from gym_loop.spec import apply_overrides

    document = apply_overrides(with_files_found(document, folder), overrides)
    for section in ("agent", "policy", "loop") if isinstance(document, dict) else ():
        part = document.get(section)
        path, _, name = str(part.get("class", "") if isinstance(part, dict) else "").rpartition(":")
        if path.endswith(".py") and not Path(path).expanduser().is_file():
            raise SpecError(f"{section}.class", locale_problem(path) or
                            f"no such file: {path} (the run's {section} file: moved or deleted?); "
                            f"restore it, or give the file to use: {set_in_params(f'{section}.class=PATH.py:{name}')}")
    return document


def cwd_of(record: Dict) -> Optional[str]:
    """The working directory a run was made in, as its ``run.json`` (``record``) holds it (:func:`files.recorded`),
    named as this locale's Python names it; None if it holds none, or a relative path (gym-loop writes none)."""
    cwd = record.get("cwd")  # always absolute: a relative one (crafted) would be taken from here
    return on_disk(cwd) if isinstance(cwd, str) and os.path.isabs(cwd) else None


def _same_folder(one: str, other: str) -> bool:
    try:
        return os.path.samefile(one, other)
    except OSError:  # the run's folder is gone
        return False


def saved_by(checkpoint: Path) -> Optional[Path]:
    """The run folder above ``checkpoint`` that saved it (whose id is the checkpoint's), if there is one."""
    run_id = read_id(checkpoint)
    return _run_of(checkpoint, run_id) if run_id is not None else None


def _run_of(checkpoint: Path, run_id: str) -> Optional[Path]:
    """The run folder above ``checkpoint`` whose ``run.json`` has the id ``run_id``, if there is one."""
    for folder in Path(checkpoint).resolve().parents:
        with contextlib.suppress(OSError, ValueError, AttributeError):
            if (folder / RECORD_FILE).is_file() and RunFolder(folder).record().get("id") == run_id:
                return folder
    return None


def stamp(checkpoint_dir: Path, staging: Path) -> None:
    """Copy the run id of ``checkpoint_dir``, if it has one, into a checkpoint folder being written (read and written
    here: ``shutil.copyfile`` made more system calls and took 114,000 instructions against 72,000, every checkpoint)."""
    with contextlib.suppress(FileNotFoundError):
        run_id = (Path(checkpoint_dir) / ID_FILE).read_bytes()
        with open(Path(staging) / ID_FILE, "wb") as file:
            file.write(run_id)


def trains_now(path: Path) -> bool:
    """Whether the run in ``path`` is training in another process (``run.json`` says running, its lock is held)."""
    try:
        running = RunFolder(path).status() == "running"
    except (OSError, ValueError, AttributeError):  # no run.json, or not whole
        return False
    return running and holder(Path(path) / LOCK_FILE) != f"pid {os.getpid()} on {socket.gethostname()}"


def _spec_problem(path: Path) -> Optional[str]:
    """Why the spec file at ``path`` cannot be trusted whole, or None if it can."""
    try:
        text = yaml_safety.read_text(path)
    except SpecError as error:
        return str(error)
    except (OSError, UnicodeDecodeError) as error:
        return cannot_read(path, error)
    if text.startswith(SEAL):
        if sealed(text):
            return None
        return (f"{path} was cut short or changed after gym-loop wrote it (its first line, a checksum, does not "
                "match the rest); restore it from a copy of the run, or delete that line to use the file as it is")
    if all(any(line.startswith(key) for line in text.splitlines()) for key in COMPLETE_KEYS):
        return None  # written before the seal, and whole as far as can be told
    return (f"{path} is not a complete run spec (it lacks one of {', '.join(k[:-1] for k in COMPLETE_KEYS)}); "
            "restore it from a copy of the run")


def sealed(text: str) -> bool:
    """Whether ``text`` is a spec.yaml as gym-loop wrote it: its first line, a checksum, matches the rest (also as
    written before Windows' git made its line ends CRLF)."""
    first, _, body = text.partition("\n")
    return first.startswith(SEAL) and first[len(SEAL):].strip() in (sha256(body.encode()),
                                                                    sha256(body.replace("\r\n", "\n").encode()))


def _record_problem(path: Path) -> Optional[str]:
    """Why ``run.json`` at ``path`` cannot be read whole, or None if it can."""
    try:
        record = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError) as error:
        return cannot_read(path, error)
    if not isinstance(record, dict) or "status" not in record:
        return f"{path} is not a run record (it has no status); restore it from a copy of the run"
    if not isinstance(record.get("resumed") or [], list):
        return f"{path} is not a run record (its resumed is not a list); restore it from a copy of the run"
    return None


def cannot_read(path: Path, error: Exception) -> str:
    """That a run's file ``path`` cannot be read, and how to have it back."""
    return denied(error, path) or (f"{path} cannot be read ({type(error).__name__}: {error}); restore it from a copy "
                                   "of the run")


def _delete(path: Path) -> None:
    """Delete the file, link or folder ``path`` (a link to a folder: the link)."""
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path)
    else:
        path.unlink()


def read_id(directory: Path) -> Optional[str]:
    """The run id in ``directory``'s run-id file (a checkpoint directory's, a checkpoint's); None for none."""
    try:
        return (Path(directory) / ID_FILE).read_text(encoding="utf-8").strip() or None
    except (FileNotFoundError, NotADirectoryError):
        return None


def _process() -> Dict[str, Any]:
    """The pid and host of this process, for ``run.json``."""
    return {"pid": os.getpid(), "host": socket.gethostname()}


def _now() -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%S%z")

