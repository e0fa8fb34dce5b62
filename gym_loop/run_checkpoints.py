"""Checkpoint folders of a run, written so that a failure never replaces a good one; pointers; retention.

docs/runs.rst ("Checkpoints") says what a folder holds and what survives a crash, a copy and a power loss."""

import contextlib
import errno
import glob
import json
import logging
import math
import os
import pickle
import re
import shutil
import time
import zipfile
from collections import deque
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import Any, Callable, Deque, Dict, Iterator, List, Optional, Sequence

from gym_loop import run_folder
from gym_loop.errors import (GymLoopError, WriteFailed, denied, eval_call, from_cli, new_run_call, program,
                             error_text, quoted, raised_in)
from gym_loop.files import identity, shown
from gym_loop.provenance import git_commit
from gym_loop.loop_protocol import LOOP_ARRAYS, json_number
from gym_loop.state import DamagedFile, PolicyFailed

logger = logging.getLogger(__name__)

AGENT_FILE = "agent.ckpt"
STATE_FILE = "state.json"
LOOP_ARRAYS_FILE = "loop.npz"  # the loop state's large arrays (loop_protocol.NPZ_SIZE), which state.json refers to
LEGACY_STATE_FILE = "loop.pkl"
POINTERS = ("latest", "best")
SPACING = 20  # see Checkpoints.busy
FULL_BELOW = 2**20  # bytes: a save that failed with less free on its disk failed for the full disk (_full_disk)
STATE_FORMAT = 1  # state.json's "format": read_state refuses a newer one
SHARED_GENERATORS = ("random", "numpy")  # state.json's run.generators of Python's and NumPy's global generators
_NAME = re.compile(r"agent-(\d+)(-\w+)?")


class Checkpoints:
    """Writes checkpoint folders, moves the pointers and keeps the latest ``keep`` (plus ``best``).

    :meth:`save` stages a checkpoint; a worker thread commits them in order while training goes on
    (docs/runs.rst). :meth:`close` waits for it.

    Args:
        directory: Where checkpoints go (created on first save).
        save_agent: The agent's save method, called with the path of its file.
        keep: How many of the latest checkpoints to keep; None keeps all.
        records: The run's record files (``episodes.csv``, ``evals.csv``), flushed to the OS before each
            :meth:`save`: each commit ``fsync``-s them (and once their folders) before the checkpoint is complete,
            so a checkpoint that survives a power loss has their rows up to it.
        commit: The git commit whose first 8 characters end each checkpoint's name (None: no suffix), as the run's
            start recorded it; by default git is asked.
    """

    def __init__(self, directory: Path, save_agent: Callable[[str], None], keep: Optional[int] = 3,
                 records: Sequence[Path] = (), commit: Any = ...):
        self.directory = Path(directory)
        self._save_agent = save_agent
        self.keep = keep
        # What a commit fsyncs first: the record files' folders once (a resume may have rewritten them by a
        # rename), then the files themselves at every commit.
        self._records = [Path(path) for path in records]
        self._record_folders = list(dict.fromkeys(path.parent for path in self._records))
        self._lost: List[Path] = []  # record files found deleted by a commit, not yet warned of
        self._found: set = set()  # record files a commit found (only those can be deleted)
        if commit is ...:  # not read by the run's start (a loop's train() from Python): now
            commit = git_commit()
        self._suffix = f"-{commit[:8]}" if commit else ""  # agent-<episodes>-<8 characters>: PyTorch Hub's convention
        self.last_saved: Optional[int] = None
        self._worker = ThreadPoolExecutor(max_workers=1, thread_name_prefix="checkpoints")
        self._pending: List[Future] = []
        self._failed = False  # a commit failed: the worker commits none after it
        self._staged: Deque[str] = deque()  # staged checkpoints the worker has not committed yet, oldest first
        # When the last save started, the seconds it took, and the seconds the worker took to commit it.
        self._started = self._cost = self._commit_cost = 0.0
        # The worker's view of the folder, read at its first commit and kept up to date: each system
        # call it makes hands the GIL back and forth with training (docs/performance.rst).
        self._complete: Optional[List[str]] = None  # complete checkpoints, oldest first
        self._best: Optional[str] = None
        # The folder as it was made (device, inode): one moved or deleted while training is not made again.
        self._identity = identity(self.directory)
        self._shared: tuple = (None, [])  # the global generators' states at the last save, and their JSON text
        self._float_texts: Dict[float, str] = {}  # the JSON text of returns saved (_returns_text)

    def save(self, episodes_done: int, state: Dict[str, Any], best: bool = False) -> None:
        """Save now (unless this very point is saved already) and point ``latest``, and ``best`` if asked, at it.

        Raises:
            GymLoopError: The agent's save failed or wrote nothing, or writing an earlier checkpoint
                failed; ``latest`` stays on the last good checkpoint.
        """
        self._started = started = time.perf_counter()
        self._check()
        folder = self.directory / f"agent-{episodes_done:06d}{self._suffix}"
        staging = None
        if self.last_saved != episodes_done:
            staging = self._stage(folder, state)
            self.last_saved = episodes_done
            self._staged.append(folder.name)
        self._pending.append(self._worker.submit(self._commit, staging, folder, best))
        self._cost = time.perf_counter() - started

    def busy(self) -> bool:
        """Whether a checkpoint is still being written, or the last one started less than :data:`SPACING` times
        what it took (staging plus committing) ago: skippable checkpoints then cost training at most about 5%
        of its time, even with short episodes and a slow ``fsync``.

        Raises:
            GymLoopError: Writing an earlier checkpoint failed.
        """
        self._check()
        spacing = SPACING * (self._cost + self._commit_cost)
        return bool(self._pending) or time.perf_counter() < self._started + spacing

    def close(self) -> None:
        """Wait until every checkpoint is on disk.

        Raises:
            GymLoopError: Writing one failed.
        """
        try:
            self._check(wait=True)
        finally:
            self._worker.shutdown()
            self._warn_lost()

    def _check(self, wait: bool = False) -> None:
        while self._pending and (wait or self._pending[0].done()):
            try:
                self._pending.pop(0).result()
            except FolderGone:  # seen by the worker: where the folder is now (mv then rm -r: gone since)
                self._check_there()
                raise

    def _earlier(self) -> str:
        """What a failed save left: the checkpoints before it (committed or staged), if there are any."""
        if self._staged or (self.directory / "latest").exists():
            return "earlier checkpoints are intact"
        return "there is no earlier checkpoint"

    def _check_there(self) -> None:
        """Raises FolderGone: the checkpoint folder was moved or deleted since it was made (its run folder, say)."""
        if identity(self.directory) != self._identity:
            moved_to = None
            with contextlib.suppress(OSError):  # moved beside itself (mv RUN/checkpoints RUN/old): found there
                moved_to = next((path for path in sorted(self.directory.parent.iterdir())
                                 if identity(path) == self._identity), None)
            error = FolderGone(f"the checkpoint folder {shown(self.directory)} was moved "
                               f"{f'to {shown(moved_to)}' if moved_to else 'or deleted'} while training")
            error.moved_to = moved_to
            raise error

    def _stage(self, folder: Path, state: Dict[str, Any]) -> Path:
        """Write the agent and the state into a staging folder beside ``folder``.

        Raises:
            FolderGone: The checkpoint folder was moved or deleted since it was made (its run folder, say).
        """
        if self._identity is None:
            self.directory.mkdir(parents=True, exist_ok=True)
            self._identity = identity(self.directory)
        self._check_there()
        staging = self.directory / f".saving-{folder.name}-{os.getpid()}"
        try:
            os.mkdir(staging)
        except FileExistsError:  # left by an attempt of this process that failed
            shutil.rmtree(staging, ignore_errors=True)
            os.mkdir(staging)
        try:  # a failed save or a full disk leaves no half-written checkpoint behind
            try:
                self._save_agent(str(staging / AGENT_FILE))
            except (SystemExit, KeyboardInterrupt) as error:  # a failure of the run, told naming where
                raised_in(error, "agent.save", f", for {shown(folder)}")
                raise
            except PolicyFailed as error:  # the policy's own save, named as it (not in the staging folder)
                failed = WriteFailed if error.happened == "failed" else GymLoopError
                raise failed(f"{error.what} {error.happened} for {shown(folder)}{error.detail}; "
                             f"{self._earlier()}") from error.__cause__
            except Exception as error:
                if isinstance(error, OSError) and error.errno == errno.EFBIG and error.filename is None:
                    error.filename = str(folder / AGENT_FILE)  # the file a size limit stopped, for errors.describe
                cause = error if isinstance(error, OSError) and error.errno is not None else _full_disk(staging, error)
                raise WriteFailed(f"agent.save failed for {shown(folder)}: {error_text(error)}; "
                                   f"{self._earlier()}") from cause
            except BaseException as error:  # also GeneratorExit, a library's BaseException (gevent.Timeout)
                raise WriteFailed(f"agent.save failed for {shown(folder)}: {error_text(error)}; "
                                   f"{self._earlier()}") from error
            if not any(name.startswith(AGENT_FILE) for name in os.listdir(staging)):
                raise GymLoopError(f"agent.save wrote nothing for {shown(folder)} (it must write the path it is "
                                   f"given); {self._earlier()}")
            try:
                state = dict(state)
                if (arrays := state.pop(LOOP_ARRAYS, None)) is not None:  # binary, not JSON text (NPZ_SIZE)
                    import numpy as np

                    np.savez(staging / LOOP_ARRAYS_FILE, **arrays)
                with open(staging / STATE_FILE, "wb") as file:  # as text: 98,000 instructions against 82,000
                    file.write(f"{self._state_text(state)}\n".encode())
            except OSError as error:
                if error.errno == errno.EFBIG and error.filename is None:
                    error.filename = str(folder / STATE_FILE)  # not the run's largest file: this one
                raise
            run_folder.stamp(self.directory, staging)  # which run the checkpoint belongs to
        except BaseException:  # also sys.exit() in agent.save
            shutil.rmtree(staging, ignore_errors=True)
            raise
        return staging

    def _state_text(self, state: Dict[str, Any]) -> str:
        """``json.dumps(state, default=json_number)``, made in one call to an encoder kept for it, with two parts of
        the state kept as text from the last save: the global generators' states (``run.generators.random`` and
        ``.numpy``), while they stay the same, as in most runs, which never draw from them (their 1,250 integers
        took 1.3 million instructions to encode), and the text of each float of ``run.summary.returns`` (a float's
        repr takes ~1,500 instructions, a lookup ~100; CartPole's returns repeat). Those parts are encoded as
        :data:`_MARKS`, which their texts then replace. A CartPole checkpoint's text took 1.2 million instructions
        with ``json.dumps`` per part (a new encoder each call), ~0.2 million so."""
        run = state.get("run") if isinstance(state, dict) else None
        generators, summary = (run.get("generators"), run.get("summary")) if isinstance(run, dict) else (None, None)
        if not isinstance(generators, dict) or not isinstance(summary, dict) or "returns" not in summary:
            return _ENCODE(state)
        shared = [generators.get(name) for name in SHARED_GENERATORS]
        if shared != self._shared[0]:
            self._shared = (shared, [_ENCODE(value) for value in shared])
        texts = [*self._shared[1], self._returns_text(summary["returns"])]
        marked = {**state, "run": {**run, "summary": {**summary, "returns": _MARKS[2]}, "generators": {
            **generators, **{name: mark for name, mark in zip(SHARED_GENERATORS, _MARKS) if name in generators}}}}
        return _MARKED.sub(lambda mark: texts[_PARTS.index(mark.group(1))], _ENCODE(marked))  # one pass

    def _returns_text(self, returns: Any) -> str:
        """``json.dumps(returns)`` from the kept text of each float (not of 0.0 and -0.0, which are equal keys)."""
        if not isinstance(returns, list):
            return _ENCODE(returns)
        texts = self._float_texts
        if len(texts) > 4096:
            texts.clear()
        if set(map(type, returns)) - {float}:  # an int's key would find an equal float's text
            return _ENCODE(returns)
        parts = list(map(texts.get, returns))
        if parts.count(None) > 16:  # zeros (FrozenLake's), or a window of new returns: the encoder writes them all
            return _ENCODE(returns)  # at once, cheaper than one by one
        for index, value in enumerate(returns):
            if parts[index] is None:  # a finite float's repr is its JSON text (1,500 instructions; the encoder 10,300)
                parts[index] = repr(value) if math.isfinite(value) else _ENCODE(value)
                if value and math.isfinite(value):
                    texts[value] = parts[index]
        return f"[{', '.join(parts)}]"

    def _commit(self, staging: Optional[Path], folder: Path, best: bool) -> None:
        """In the worker: make ``staging`` durable, rename it to ``folder``, move the pointers, prune.

        A checkpoint that pruning would delete at once (``keep`` newer ones are staged already, and it
        is not ``best``) is dropped instead: the disk is slower than checkpoints come.
        """
        started = time.perf_counter()
        try:
            if self._failed:  # an earlier commit failed: none after it (its error stops the run; latest stays before)
                return
            if staging is not None and not best and self.keep is not None and len(self._staged) > self.keep:
                logger.debug("checkpoint %s dropped: %d newer ones are waiting", folder, len(self._staged) - 1)
                return
            if staging is not None:
                self._sync_records()
                _fsync_tree(staging)
                if folder.exists():  # the same point saved by an earlier, unfinished attempt of this run
                    shutil.rmtree(folder)
                os.replace(staging, folder)
                if logger.isEnabledFor(logging.INFO):  # shown() took 120,000 instructions (a folder not below cwd)
                    logger.info("checkpoint: %s", shown(folder))  # once on disk (a kill before leaves the one before)
            if best:  # before latest: a crash in between cannot leave best on a worse checkpoint
                write_pointer(self.directory / "best", folder.name)
                self._best = folder.name
            if staging is not None:
                write_pointer(self.directory / "latest", folder.name)
                self._prune(folder.name)
        except OSError as error:
            self._failed = True
            self._check_there()  # the write failed because the folder went (rm -r RUN/checkpoints)
            raise WriteFailed(f"writing checkpoint {shown(folder)} failed: {error}; "
                               "earlier checkpoints are intact") from error
        except BaseException:
            self._failed = True
            raise
        finally:
            if staging is not None:
                self._staged.popleft()
                shutil.rmtree(staging, ignore_errors=True)  # left only if not committed
                self._commit_cost = time.perf_counter() - started

    def note_records(self) -> None:
        """Count the record files that exist now as made: one deleted before the first checkpoint is warned of too."""
        self._found.update(path for path in self._records if path.exists())

    def _sync_records(self) -> None:
        """Put the record files' rows on disk (and, the first time, their folders' entries); one deleted is skipped."""
        self._warn_lost()
        for path in (*self._record_folders, *self._records):
            try:
                _fsync(path)
                self._found.add(path)
            except FileNotFoundError:  # not made yet (evals.csv before the first evaluation), or deleted while
                if path in self._found and path in self._records:  # training: said at the next commit or the end
                    self._records.remove(path)
                    self._lost.append(path)
        self._record_folders = []

    def _warn_lost(self) -> None:
        """Warn of record files found deleted, unless the run folder went with them (moved, or an ``rm -r`` that
        was under way: the run stops at its next checkpoint and says so): then the resume would refuse the run."""
        if self._lost and identity(self.directory) == self._identity:
            for path in self._lost:
                logger.warning("%s was deleted while the run trains: the rows written to it are lost, and a resume of "
                               "this run is refused; restore it from a copy now, or start the run again",
                               shown(path))
        self._lost = []

    def _prune(self, committed: str) -> None:
        """Delete all but the latest ``keep`` checkpoints and the one ``best`` names, and others' unfinished saves."""
        if self._complete is None:  # the first commit: what earlier attempts and other processes left
            for staging in self.directory.glob(".saving-*"):
                if not staging.name.endswith(f"-{os.getpid()}"):
                    shutil.rmtree(staging, ignore_errors=True)
            self._complete = [folder.name for folder in complete_checkpoints(self.directory)]
            self._best = self._best or pointed_name(self.directory / "best")
        elif committed not in self._complete:
            self._complete.append(committed)
        if self.keep is None:
            return
        old, self._complete = self._complete[:-self.keep], self._complete[-self.keep:]
        for name in old:
            if name == self._best:
                self._complete.insert(0, name)
            else:
                shutil.rmtree(self.directory / name, ignore_errors=True)


# json.dumps(value, default=...) makes a new encoder each call (~2,000 instructions)
_ENCODE = json.JSONEncoder(default=json_number).encode
# What _state_text puts in place of the parts it has as text: no JSON of a run holds them (a process's random hex)
_PARTS = ("random", "numpy", "returns")
_MARK = f"gym-loop-{os.urandom(16).hex()}-"
_MARKS = tuple(_MARK + part for part in _PARTS)
_MARKED = re.compile(f'"{_MARK}({"|".join(_PARTS)})"')


class FolderGone(GymLoopError):
    """A folder the run writes was moved or deleted while it trained; ``moved_to``: where it is now, if found."""

    moved_to: Optional[Path] = None


def _full_disk(staging: Path, error: Exception) -> Exception:
    """``error``, or a full disk's ``OSError`` caused by it when the failed save left ``staging``'s file system
    full: less free than it wrote, or than :data:`FULL_BELOW`. A save that fails on a full disk does not always say
    so: torch.save's zip writer raises ``RuntimeError: [enforce fail at inline_container.cc:672] . unexpected pos
    ...``, and the run's error then says what a full disk's does (errors.run_failure)."""
    try:
        free = shutil.disk_usage(staging).free
        written = sum(path.stat().st_size for path in staging.rglob("*") if path.is_file())
    except OSError:
        return error
    if free >= max(written, FULL_BELOW):
        return error
    full = OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
    full.__cause__ = error  # --debug shows the save's own traceback too
    return full


def checkpoint_episodes(name: str) -> Optional[int]:
    """The episode count a checkpoint folder's name holds (``agent-000004-<commit>``: 4); None for another name."""
    match = _NAME.fullmatch(name)
    return int(match.group(1)) if match else None


def complete_checkpoints(directory: Path) -> List[Path]:
    """The checkpoint folders in ``directory`` with their state file and agent file, oldest (fewest episodes) first."""
    found = [(episodes, path) for path in Path(directory).glob("agent-*")  # none if it does not exist
             if (episodes := checkpoint_episodes(path.name)) is not None and not _lacks(path)]
    return [path for _, path in sorted(found)]


def drop_later(directory: Path, checkpoint: Path, best_eval_return: Optional[float]) -> None:
    """At a resume from ``checkpoint``: delete the checkpoints of the attempt it discards (more episodes; pruning
    would keep them over the resumed run's own, and ``latest`` would name them again), and point ``best`` at the
    resumed run's best checkpoint (the first that holds its evaluation of ``best_eval_return``), or remove it if none
    is left, when it named one of them."""
    directory, resumed = Path(directory), checkpoint_episodes(Path(checkpoint).name)
    if resumed is None or Path(checkpoint).parent.resolve() != directory.resolve():  # a checkpoint given elsewhere
        return
    later = [path for path in sorted(directory.glob("agent-*"))
             if (episodes := checkpoint_episodes(path.name)) is not None and episodes > resumed]
    for path in later:
        shutil.rmtree(path, ignore_errors=True)
    if later:
        logger.warning("removed %d checkpoint(s) after %s, of the attempt this resume discards: %s", len(later),
                       Path(checkpoint).name, ", ".join(path.name for path in later))
    best = pointed_name(directory / "best")
    if best is None or (best_episodes := checkpoint_episodes(best)) is None or best_episodes <= resumed:
        return
    kept = None
    for path in complete_checkpoints(directory) if best_eval_return is not None else []:
        with contextlib.suppress(GymLoopError, OSError):
            run = read_state(path)["run"]
            last = run.get("last_evaluation") or [None] * 3  # the evaluation it was saved after
            if run.get("best_eval_return") == best_eval_return == last[2]:
                kept = path.name
                break
    if kept is None:
        (directory / "best").unlink()
        logger.warning("%s/best named %s of the discarded attempt; removed: the next best evaluation sets it",
                       shown(directory), best)
        return
    write_pointer(directory / "best", kept)
    logger.warning("%s/best named %s of the discarded attempt; it names %s now, the resumed run's best",
                   shown(directory), best, kept)


def _copied_from(directory: Path, copy: Path) -> Optional[Path]:
    """The checkpoint of ``directory`` that the folder ``copy`` (a pointer copied as the folder it linked to) is a
    copy of, by its state file; None if none is."""
    try:
        state = (copy / STATE_FILE).read_bytes()
        return next((path for path in reversed(complete_checkpoints(directory))
                     if (path / STATE_FILE).read_bytes() == state), None)
    except OSError:
        return None


def find_checkpoint(directory: Path, which: str) -> Path:
    """The checkpoint folder ``which`` names: ``latest``, ``best`` (pointers in ``directory``), a
    checkpoint's name in ``directory`` (its commit suffix optional) or a path.

    A missing, dangling or incomplete ``latest`` (its folder deleted, or without its state or agent file)
    falls back to the newest complete checkpoint, ``best`` in a run that kept none (no periodic evaluation) to
    ``latest``, with a warning. A folder of an older gym-loop (``loop.pkl``) is found too: its agent can be
    evaluated, and :func:`read_state` refuses to resume it.

    Raises:
        GymLoopError: There is no such checkpoint, or it lacks a file; the message says what else to use.
    """
    directory = Path(directory)
    if which == "best" and not (directory / "best").exists() and (directory / "latest").exists():
        logger.warning("%s has no best checkpoint (it is kept with periodic evaluation, "
                       "loop.parameters.episodes_per_eval); evaluating latest", directory)
        which = "latest"
    if which in POINTERS:
        pointer = directory / which
        name = pointed_name(pointer)
        path = directory / name if name else pointer  # a directory: a copied symbolic link, the checkpoint itself
        if name is None and pointer.is_dir():  # (cp -rL) named by the checkpoint it copies, which later resumes keep
            path = _copied_from(directory, pointer) or pointer
        if not _is_checkpoint(path) and which == "latest":
            newest = complete_checkpoints(directory)
            if newest:
                logger.warning("%s is missing, dangling or names an incomplete checkpoint; using the newest "
                               "complete checkpoint %s", pointer, newest[-1])
                path = newest[-1]
    else:
        path = Path(which).expanduser()
        if not path.exists() and "/" not in which:  # a checkpoint's name in the run
            named = sorted(directory.glob(f"{glob.escape(which)}-*"))
            path = directory / which if (directory / which).is_dir() else named[-1] if named else path
        if path.is_file() and path.name in POINTERS and pointed_name(path):  # latest: the folder it names
            path = path.parent / str(pointed_name(path))
        elif path.is_file() and _is_checkpoint(path.parent):  # a file of a checkpoint (agent.ckpt): its folder
            path = path.parent
    if not _is_checkpoint(path):
        raise GymLoopError(_not_found(directory, which, path))
    return path.resolve()


def run_of(directory: Path) -> Path:
    """The run folder that holds the checkpoint folder ``directory``: the nearest folder above it with a
    ``run.json`` (``checkpoint_dir`` may be nested, ``./a/ck``), else the folder just above it."""
    return next((folder for folder in Path(directory).parents if (folder / run_folder.RECORD_FILE).is_file()),
                Path(directory).parent)


def _not_found(directory: Path, which: str, path: Path) -> str:
    """Why ``which`` (a pointer, name or path) finds no checkpoint (``path``) in ``directory``, and what to do."""
    spec = run_of(directory) / "spec.yaml"
    if not directory.exists() and directory.is_relative_to(spec.parent):  # a link to nothing (received without it)
        from gym_loop.run_paths import link_out

        if link := link_out(spec.parent, directory.relative_to(spec.parent), os.path.realpath(spec.parent)):
            return link
    if which in POINTERS and not spec.is_file():  # not a run's
        return (f"no checkpoint {path}: none was saved under {directory}; training saves them in its run folder: "
                + (_evaluate_its_run(which) if from_cli() else
                   "eval_agent(None, run_dir='runs/<run>', checkpoint='latest')"))
    name = pointed_name(directory / which) if which in POINTERS else None
    # damaged(..., evaluating) for latest only when no other checkpoint is complete (else latest falls back to it)
    if path.exists() and (which in POINTERS or _NAME.fullmatch(path.name)):  # a checkpoint folder without a file
        return f"{path} is incomplete (it has no {' and no '.join(_lacks(path))}); {damaged(path, which != 'latest')}"
    if path.is_dir() and run_folder.RunFolder.problem(path) is None:
        return (f"{path} is a run folder, not a checkpoint: {eval_call(path, 'latest')} (or best, or a checkpoint's "
                "name)")
    if path.is_dir() and (held := complete_checkpoints(path)):
        give = f"--checkpoint {quoted(held[-1])}" if from_cli() else f"checkpoint={str(held[-1])!r}"
        names = ", ".join(checkpoint.name for checkpoint in held[-3:])
        return f"{path} holds checkpoints ({names}), it is not one; give one of them: {give}"
    if path.is_file() and path.suffix == ".ckpt" and _NAME.fullmatch(path.stem):  # the first layout's
        return (f"{path} is a checkpoint file of the first gym-loop (0.2.0: checkpoints/agent-<n>.ckpt), which this "
                "version cannot load; train the agent again with this version and evaluate its run")
    if path.exists():
        return f"{path} is not a checkpoint folder (it has no {STATE_FILE}); {_give(directory)}"
    if name is not None:
        return f"{directory / which} names {name}, which is missing (deleted?); {damaged(path, which != 'latest')}"
    if which == "latest" and run_folder.trains_now(spec.parent):
        return (f"no checkpoint {path}: none was saved yet (one is saved every episodes_per_checkpoint episodes and "
                f"when training ends); wait for the first, or start again with: {new_run_call(spec)}")
    if which == "latest":
        return (f"no checkpoint {path}: the run has none (it saved none before it stopped, or they were deleted); "
                f"start again with: {new_run_call(spec)}")
    if which == "best":
        return f"no checkpoint {path}: best is kept with periodic evaluation (loop.parameters.episodes_per_eval)"
    if "/" in which and (directory / Path(which).name).is_dir():  # ./agent-000003: a path, the run's has the name
        own = Path(which).name
        give = f"--checkpoint {quoted(own)}" if from_cli() else f"checkpoint={own!r}"
        return f"no checkpoint {which} (a path from the working directory); the run's own is: {give}"
    return f"no checkpoint {path}: {_give(directory)}"


def _evaluate_its_run(which: str) -> str:
    """The command that evaluates checkpoint ``which`` of the run of ``eval -c SPEC``: of SPEC's run folder (a run's
    spec.yaml), else of its latest run under its runs_dir, else of the run training it makes."""
    import click

    from gym_loop.spec import load_spec

    config = click.get_current_context().params.get("run_config")
    run = Path(config).parent if config is not None else None
    if config is not None and not (run / run_folder.RECORD_FILE).is_file():
        with contextlib.suppress(GymLoopError, OSError):
            runs_dir = Path(os.path.expanduser(str(load_spec(str(config)).get("runs_dir") or "runs")))
            runs = sorted(runs_dir.glob(f"{glob.escape(run_folder.run_name(Path(config)))}-*/{run_folder.RECORD_FILE}"))
            run = runs[-1].parent if runs else None
        if run is None or not (run / run_folder.RECORD_FILE).is_file():
            return (f"train one with: {new_run_call(config)}, then evaluate it with: {program()} eval --run "
                    f"RUN_FOLDER --checkpoint {which} (the run folder train names)")
    return f"{program()} eval --run {quoted(run or 'RUN_FOLDER')} --checkpoint {which}"


def _give(directory: Path) -> str:
    """What ``--checkpoint`` takes, with the last checkpoints in ``directory`` (the run's) if it has any."""
    held = ", ".join(checkpoint.name for checkpoint in complete_checkpoints(directory)[-3:])
    return f"give latest, best, a checkpoint's name in the run{f' ({held})' if held else ''} or the path of a " \
           "checkpoint folder"


def damaged(checkpoint: Path, evaluating: bool, run_id: Optional[str] = None) -> str:
    """What to do instead of loading ``checkpoint``, which is damaged or gone: evaluate, or resume from, another
    complete checkpoint of its run (named; with ``run_id``, one no other run saved), or start again where there is
    none."""
    checkpoint = Path(checkpoint)
    if (pointer := _lfs_pointer(checkpoint)) is not None:  # a clone without git-lfs: every checkpoint is one
        return (f"{run_folder.shown(pointer)} is a Git LFS pointer, not the file: fetch the run's files with git lfs "
                "pull (in the git repository holding it)")
    directory = checkpoint.parent
    others = [path.name for path in complete_checkpoints(directory) if path.name != checkpoint.name and (
        run_id is None or run_folder.read_id(path) in (None, run_id))]
    episodes, later = checkpoint_episodes(checkpoint.name), bool(others)
    if not evaluating and episodes is not None:  # resume from an earlier one only: two refused never name each other
        others = [name for name in others if checkpoint_episodes(name) < episodes]  # type: ignore[operator]
    spec = run_of(directory) / "spec.yaml"
    if not others:
        again = f" with: {new_run_call(shown(spec))}" if spec.is_file() else ""
        return f"the run has no {'earlier' if later else 'other'} complete checkpoint; start again{again}"
    if evaluating:
        return f"evaluate another checkpoint: --checkpoint {others[-1]}"
    return (f"the checkpoint is damaged: write the name of an earlier checkpoint folder ({others[-1]}) into "
            f"{shown(directory / 'latest')} to resume from it")


LFS_POINTER = b"version https://git-lfs.github.com/spec/v1"  # the first line of a file Git LFS has not fetched


def _lfs_pointer(checkpoint: Path) -> Optional[Path]:
    """The first file of the ``checkpoint`` folder that is a Git LFS pointer (a clone of a repository keeping
    checkpoints in LFS, made without git-lfs), or None."""
    with contextlib.suppress(OSError):
        for path in sorted(checkpoint.iterdir()):
            with contextlib.suppress(OSError), open(path, "rb") as file:
                if file.read(len(LFS_POINTER)) == LFS_POINTER:
                    return path
    return None


TORCH_UNREADABLE = "PytorchStreamReader failed reading"  # torch.load's words for an archive it cannot read


def unreadable(error: BaseException) -> bool:
    """Whether ``error``, raised loading an agent's file, says that the file is cut short or gone (not that the
    agent's code or class changed): then :func:`damaged` says which other checkpoint to use. ``torch.load`` of a
    file cut short raises a RuntimeError of its archive reader (``PytorchStreamReader failed reading zip archive:
    failed finding central directory``), told apart by those words from one of a changed network
    (``Error(s) in loading state_dict``)."""
    cause = error.__cause__
    return isinstance(error, DamagedFile) or isinstance(
        cause, (FileNotFoundError, EOFError, zipfile.BadZipFile, pickle.UnpicklingError)) or (
        isinstance(cause, RuntimeError) and str(cause).startswith(TORCH_UNREADABLE))


def read_state(checkpoint: Path, evaluating: bool = False) -> Dict[str, Any]:
    """The loop and run state saved in a checkpoint folder, read as JSON (nothing is unpickled); a refusal's advice
    is :func:`damaged`'s for ``evaluating`` it or resuming from it.

    Raises:
        GymLoopError: The checkpoint is of an older gym-loop, or its state file is unreadable or lacks a part.
    """
    path = Path(checkpoint) / STATE_FILE
    if not path.is_file() and (Path(checkpoint) / LEGACY_STATE_FILE).is_file():
        run = run_of(Path(checkpoint).parent)  # <checkpoint_dir>/<name> of a run folder; else the caller's RUN
        spec = run / "spec.yaml"
        run, spec = (shown(run), shown(spec)) if spec.is_file() else ("RUN", "RUN/spec.yaml")
        raise GymLoopError(f"{checkpoint} was written by an older gym-loop (loop.pkl) and cannot resume with this "
                           f"version; evaluate it with: {eval_call(run, Path(checkpoint).name)}, or start a new run: "
                           f"{new_run_call(spec)}")
    try:
        state = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise GymLoopError(denied(error, shown(path)) or f"{shown(path)} cannot be read "
                           f"({type(error).__name__}: {error}); {damaged(path.parent, evaluating)}") from error
    if isinstance(state, dict) and isinstance(state.get("format"), int) and state["format"] > STATE_FORMAT:
        raise GymLoopError(f"{shown(path)} was written by a newer gym-loop (state format "
                           f"{state['format']}, this one reads {STATE_FORMAT}); resume it with that version "
                           "(update this one: git pull in the clone it is installed from)")
    if (lacking := _state_lacks(state)) is not None:
        raise GymLoopError(f"{shown(path)} is not a checkpoint's state (it has no {lacking}); "
                           f"{damaged(path.parent, evaluating)}")
    arrays = Path(checkpoint) / LOOP_ARRAYS_FILE
    if arrays.is_file():  # the loop state's large arrays (plain_state), as binary
        import numpy as np

        try:
            with np.load(arrays, allow_pickle=False) as stored:
                state[LOOP_ARRAYS] = {key: stored[key] for key in stored.files}
        except (OSError, ValueError, EOFError, zipfile.BadZipFile) as error:
            raise GymLoopError(denied(error, shown(arrays)) or f"{shown(arrays)} cannot be "
                               f"read ({type(error).__name__}: {error}); {damaged(path.parent, evaluating)}"
                               ) from error
    if (key := next((key for key in _npz_keys(state["loop"]) if key not in state.get(LOOP_ARRAYS, {})), None)):
        raise GymLoopError(f"{shown(arrays)} " + (f"lacks the array {key} that state.json refers to"
                                                  if arrays.is_file() else "is missing (state.json refers to it)") +
                           f"; {damaged(path.parent, evaluating)}")
    return state


def _npz_keys(value: Any) -> Iterator[str]:
    """The keys of loop.npz a loop's state as written (:func:`~gym_loop.loop_protocol.plain_state`) refers to."""
    if isinstance(value, dict) and value.keys() == {"npz"}:
        yield value["npz"]
    for item in value.values() if isinstance(value, dict) else value if isinstance(value, list) else ():
        yield from _npz_keys(item)


def _state_lacks(state: Any) -> Optional[str]:
    """The first part a resume or an evaluation reads that ``state`` lacks or holds as another type
    (``run.summary.episodes``, a count), or None. ``run.generators`` may lack only in gym-loop 0.3.0's state: where
    the loop's state holds them (DefaultLoop's), or where there is no ``run.eval_env`` either (another loop's; both
    came after 0.3.0); the parts of :data:`_RUN_PARTS` may lack (an older gym-loop's state)."""
    if not isinstance(state, dict) or "loop" not in state:
        return "loop"
    run = state.get("run")
    if not isinstance(run, dict):
        return "run"
    if "best_eval_return" not in run or not _number_or_none(run["best_eval_return"]):
        return "run.best_eval_return"
    summary = run.get("summary")
    if not isinstance(summary, dict):
        return "run.summary"
    fits = {"episodes": _count, "steps": _count, "global_step": _count, "seconds": _number, "returns": _numbers,
            "lengths": _numbers, "best_mean_return": _number_or_none}
    if (unfit := next((key for key, fit in fits.items() if key not in summary or not fit(summary[key])), None)):
        return f"run.summary.{unfit}"
    loop = state["loop"]
    older = isinstance(loop, dict) and loop.get("generators") or not {"generators", "eval_env"} & run.keys()
    if not older and not _generator_states(run.get("generators")):
        return "run.generators"
    unfit = next((key for key, fit in _RUN_PARTS.items() if key in run and not fit(run[key])), None)
    return None if unfit is None else f"run.{unfit}"


def _count(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value >= 0


def _number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _number_or_none(value: Any) -> bool:
    return value is None or _number(value)


def _numbers(value: Any, size: Optional[int] = None) -> bool:
    """Whether ``value`` is a list of numbers (of ``size`` of them, if given)."""
    return isinstance(value, list) and size in (None, len(value)) and all(map(_number, value))


def _generator_states(value: Any) -> bool:
    return isinstance(value, dict) and {"random", "numpy", "generators"} <= value.keys()


def _episode(value: Any) -> bool:
    """Whether ``value`` is an :class:`Episode` as a list: return, length, global step, sub-env (None or a count)."""
    return (isinstance(value, list) and len(value) == 4 and _number(value[0]) and _count(value[1])
            and _count(value[2]) and (value[3] is None or _count(value[3])))


def _episodes(value: Any) -> bool:
    """Whether ``value`` is a list of :func:`_episode` lists (the state's ``rest`` and ``counted``)."""
    return isinstance(value, list) and all(map(_episode, value))


def _wrapper_statistics(value: Any) -> bool:
    return isinstance(value, dict) and isinstance(value.get("wrapper"), str)


# The parts of a state's "run" besides its summary, best_eval_return and generators that Run.restore and an
# evaluation read, if there (an older gym-loop's state lacks some): whether a value fits
_RUN_PARTS = {
    "evaluations": lambda value: value is None or _count(value),
    "evaluation": lambda value: isinstance(value, list) and all(_numbers(played, 2) for played in value),
    "last_evaluation": lambda value: value is None or isinstance(value, list) and _numbers(value[:7], 7) and (
        len(value) == 7 or len(value) == 8 and (value[7] is None or _count(value[7]))),  # n: since it is kept
    "training_generators": lambda value: value is None or _generator_states(value),
    "rest": lambda value: _episodes(value),
    "counted": lambda value: _episodes(value),
    "env_statistics": lambda value: isinstance(value, list) and all(map(_wrapper_statistics, value)),
}


def write_pointer(pointer: Path, name: str) -> None:
    """Make the text file ``pointer`` name the checkpoint folder ``name``, atomically and durably."""
    temporary = pointer.with_name(f".{pointer.name}.tmp")
    with open(temporary, "w", encoding="utf-8") as file:
        file.write(f"{name}\n")
        file.flush()
        os.fsync(file.fileno())
    try:
        os.replace(temporary, pointer)
    except IsADirectoryError:  # an older run's symbolic link, copied as a directory
        shutil.rmtree(pointer)
        os.replace(temporary, pointer)
    _fsync(pointer.parent)


def pointed_name(pointer: Path) -> Optional[str]:
    """The folder name a pointer (text file or older symbolic link) names, or None."""
    if pointer.is_symlink():
        return Path(os.readlink(pointer)).name
    try:
        text = pointer.read_text(encoding="utf-8").strip()
    except (OSError, UnicodeDecodeError):  # absent, or a directory (a copied symbolic link)
        return None
    name = Path(text).name
    if text != name and name not in ("", ".", ".."):  # a path (a received folder's): never followed out of it
        logger.warning("%s names a path, not a checkpoint folder's name; taken as %s in its folder", pointer, name)
    return name if name not in ("", ".", "..") else None


def _is_checkpoint(path: Path) -> bool:
    return not _lacks(path) or (path / LEGACY_STATE_FILE).is_file()


def _lacks(path: Path) -> List[str]:
    """The files of a checkpoint that the folder ``path`` lacks: its state file, its agent's file (the agent
    writes the path it is given, ``agent.ckpt``, or a name that begins so)."""
    try:
        names = [entry.name for entry in os.scandir(path)]
    except OSError:  # not a folder
        return [STATE_FILE, AGENT_FILE]
    lacking = [] if STATE_FILE in names and (Path(path) / STATE_FILE).is_file() else [STATE_FILE]
    return lacking + ([] if any(name.startswith(AGENT_FILE) for name in names) else [AGENT_FILE])


def _fsync_tree(folder: Path) -> None:
    with os.scandir(folder) as entries:
        for entry in entries:
            if entry.is_dir(follow_symlinks=False):
                _fsync_tree(Path(entry.path))
            elif entry.is_file(follow_symlinks=False):
                _fsync(entry.path)
    _fsync(folder)


def _fsync(path: Path) -> None:
    """Flush a file's or a directory's (its entries') data to the disk. A file system that cannot fsync a directory
    (some FUSE, 9p, CIFS mounts: EINVAL, as POSIX allows for a descriptor that does not support it; EBADF, ENOTSUP)
    is let be, as PostgreSQL and SQLite do: the files' own fsyncs ran."""
    descriptor = os.open(path, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    except OSError as error:
        if error.errno not in (errno.EINVAL, errno.EBADF, errno.ENOTSUP, errno.EOPNOTSUPP) or not os.path.isdir(path):
            raise
    finally:
        os.close(descriptor)
