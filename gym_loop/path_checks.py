"""Checks of a path a command is given, before any work: a name too long, a file in the way of a folder, a file
that a run, sweep or tune folder holds and reads again."""

import contextlib
import os
from pathlib import Path
from typing import List, Optional

from gym_loop.errors import SpecError, program, quoted
from gym_loop.files import ID_FILE, LOCK_FILE, RECORD_FILE, SPEC_FILE, SWEEP_MANIFEST, TUNE_SETTINGS, shown, too_long


def refuse_long_name(key: str, path: Path) -> None:
    """A SpecError at ``key`` (the option that gave ``path``) if a name in ``path`` is too long for its file
    system (:func:`gym_loop.files.too_long`)."""
    if (problem := too_long(path)) is not None:
        raise SpecError(key, problem)


def refuse_file_in_the_way(key: str, folder: Path, runs: bool = False) -> None:
    """A SpecError if ``folder`` cannot be made or used: it or a folder above it is a file, or a symlink to nothing,
    or its nearest folder is on a file system that stores no files (/proc); checked before any work for the folder
    an option such as ``--runs-dir`` or ``--output`` names. With ``runs`` (it is to hold run folders: runs_dir,
    --sweeps-dir, --tunes-dir) also a run folder or a folder inside one: ``runs ls`` and ``plot`` do not enter a
    run folder, so they would not see the new runs (nor would their logs stay apart)."""
    folder = Path(folder).expanduser()
    refuse_long_name(key, folder)
    for path in (folder, *folder.parents):
        if path.is_symlink() and not path.exists():
            raise SpecError(key, f"{path} is a symlink to {os.readlink(path)}, which does not exist; create it or "
                                 "give another folder")
        if path.exists() and not path.is_dir():
            raise SpecError(key, f"{path} is a file, not a folder; give a folder's path")
    nearest = next(path for path in (folder, *folder.parents) if path.is_dir())
    with contextlib.suppress(OSError, AttributeError):  # (no statvfs on Windows)
        if (stored := os.statvfs(nearest)).f_blocks == 0 and stored.f_files == 0:
            raise SpecError(key, f"{nearest} is on a file system that stores no files (as /proc and /sys are); give "
                                 "a folder on a disk")
    run = run_holding(folder) if runs else None
    if run is not None:
        where = "is a run folder" if run == folder.absolute() else f"is inside the run folder {shown(run)}"
        raise SpecError(key, f"{folder} {where}, where runs ls and plot would not find the new run; give a path "
                             "outside it")


# The files gym-loop writes at the top of a sweep folder and of a tune folder and reads again (a folder of theirs too:
# a sweep's logs/, a tune's trials/). A run folder's: see owner().
SWEEP_FILES = frozenset({SWEEP_MANIFEST, SPEC_FILE, "configs.csv", "scores.csv", "aggregate.csv", "state.json",
                         "lock", ".stop", "logs"})
TUNE_FILES = frozenset({TUNE_SETTINGS, SPEC_FILE, "space.yaml", "journal.log", "trials.csv", "best.yaml",
                        "ask.lock", "tune.lock", "trials"})


def owner(path: Path) -> Optional[str]:
    """The run, sweep or tune folder whose record ``path`` is (a file gym-loop wrote there and reads again), as a
    message names it: ``the run folder runs/k``; None for any other path (a figure kept beside them). Whether
    ``path`` exists or not: a command writing a file refuses these even with ``--force``."""
    from fnmatch import fnmatch

    path = Path(os.path.realpath(Path(path).expanduser()))
    for folder in path.parents:
        top = path.relative_to(folder).parts[0]
        if (folder / SPEC_FILE).is_file() and (folder / RECORD_FILE).is_file():
            if top in {SPEC_FILE, RECORD_FILE, LOCK_FILE, ID_FILE} or fnmatch(top, "spec-before-resume-*.yaml") or any(
                    file == path or file in path.parents for file in _run_files(folder)):
                return f"the run folder {shown(folder)}"
        for kind, marker, files in (("sweep", SWEEP_MANIFEST, SWEEP_FILES), ("tune", TUNE_SETTINGS, TUNE_FILES)):
            if top in files and (folder / marker).is_file():
                return f"the {kind} folder {shown(folder)}"
    return None


def _run_files(folder: Path) -> List[Path]:
    """The run's checkpoint folder and tables (episodes.csv, evals.csv) as its spec places them (the defaults if
    it cannot be read), their links resolved."""
    from gym_loop.run_paths import loop_path
    from gym_loop.sweeps.runinfo import FILES, run_files

    try:
        files = list(run_files(folder).values())
    except SpecError:
        files = [loop_path(folder, None, key) for key in FILES]
    return [Path(os.path.realpath(file)) for file in files if file is not None]


def run_holding(path: Path) -> Optional[Path]:
    """The run folder (absolute) that ``path`` is or lies in, or None."""
    path = Path(path).expanduser().absolute()
    return next((folder for folder in (path, *path.parents)
                 if (folder / SPEC_FILE).is_file() and (folder / RECORD_FILE).is_file()), None)


def refuse_others_run(key: str, folder: Path, run: Optional[Path]) -> None:
    """A SpecError at ``key`` if ``folder``, where an evaluation writes, is or lies in a run folder other than
    ``run`` (the one evaluated, if any): its logs and summary would be filed as that run's."""
    other = run_holding(folder)
    if other is None or (run is not None and os.path.samefile(other, run)):
        return
    where = "is" if other == Path(folder).expanduser().absolute() else f"is inside {shown(other)},"
    raise SpecError(key, f"{folder} {where} the run folder of another run, where the evaluation would read as that "
                         f"run's; give a folder outside it, or evaluate that run there: {program()} eval --run "
                         f"{quoted(shown(other))}")
