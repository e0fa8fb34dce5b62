"""Writing files so that a failure leaves the old file, or none, never half a file; reading a CSV file's whole rows."""

import contextlib
import itertools
import os
import time
from pathlib import Path
from typing import Dict, Iterable, Iterator, List, Optional, Tuple

SPEC_FILE = "spec.yaml"  # a run folder's (gym_loop.run_folder)
SEAL = "# gym-loop sha256: "  # spec.yaml's first line, then the sha256 of the rest: as gym-loop wrote it
RECORD_FILE = "run.json"
LOCK_FILE = ".lock"
ID_FILE = "run-id"
SWEEP_MANIFEST = "manifest.json"  # a sweep folder's (gym_loop.sweeps.state)
TUNE_SETTINGS = "tune.json"  # a tune folder's (gym_loop.tuning.folder)


def write_atomically(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` through a temporary file and an atomic rename; a symlink's target is written
    (the link stays a link)."""
    given = Path(path)
    # Only a link is resolved: realpath would also drop a missing data/ of data/../x, which mkdir makes.
    path = Path(os.path.realpath(given)) if given.is_symlink() else given
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.tmp")
    try:
        temporary.write_text(text, encoding="utf-8")
        os.replace(temporary, path)
    except OSError as error:
        if error.filename in (None, str(temporary), str(path)):  # name the file the user knows
            error.filename = str(given)
        raise
    finally:
        with contextlib.suppress(OSError):  # none was made (a read-only file system says so with EROFS)
            temporary.unlink()


def name_max(folder: Path) -> int:
    """The longest file or folder name, in bytes, the file system of ``folder`` (or of the nearest folder above it
    that exists) takes: 255 on most."""
    folder = Path(folder).absolute()
    existing = next((path for path in (folder, *folder.parents) if path.is_dir()), Path(folder.anchor))
    try:
        return os.pathconf(existing, "PC_NAME_MAX")
    except (OSError, ValueError):  # no pathconf here: the common limit
        return 255


def too_long(path: Path) -> Optional[str]:
    """Why a file or folder of ``path`` cannot be made: a part of it is longer than its file system takes (checked
    before anything else looks at the path, which would fail with ENAMETOOLONG); None if none is."""
    path = Path(path).expanduser()
    for index, part in enumerate(path.parts):
        length = len(os.fsencode(part))
        if length <= 14:  # every file system takes that (POSIX)
            continue
        if length > (limit := name_max(Path(*path.parts[:index]) if index else Path("."))):
            name = part if length <= 40 else f"{part[:16]}...{part[-12:]}"
            return (f"the name {name} is {length} bytes, too long for a file or folder name on this file system (at "
                    f"most {limit}); give a shorter one")
    return None


def printable(name: str) -> str:
    """``name`` (a file's, from os.listdir) with the bytes a non-UTF-8 locale could not read as characters
    (surrogates: ``sp\\udcc3\\udca9c``) read as UTF-8 (``spéc``), for a label or a table; other names as they are."""
    try:
        name.encode("utf-8")
        return name
    except UnicodeEncodeError:
        return os.fsencode(name).decode("utf-8", "replace")


def recorded(path: str) -> str:
    """``path`` (as ``os.getcwd()`` gives it) as run.json and a sweep's and a tune's records hold it: its bytes read
    as UTF-8, so under a non-UTF-8 locale the folder ``dé`` is written ``dé``, not ``d\\udcc3\\udca9`` (bytes that
    are not UTF-8 stay surrogates); :func:`on_disk` reads it back."""
    return os.fsencode(path).decode("utf-8", "surrogateescape")


def on_disk(text: str) -> str:
    """A path that :func:`recorded` wrote (or an earlier gym-loop, as this locale's ``os.fsdecode`` made it), as this
    locale's Python names it."""
    return os.fsdecode(text.encode("utf-8", "surrogateescape"))


def whole_rows(lines: Iterable[str]) -> List[Dict[str, str]]:
    """The rows of a CSV file's ``lines`` (its header first, each line with its newline) that were written whole, as
    dicts by the header's names (:func:`whole_lists`)."""
    rows = whole_lists(lines)
    header = next(rows, None)
    return [dict(zip(header, row)) for row in rows]


def whole_lists(lines: Iterable[str]) -> Iterator[List[str]]:
    """The header, then the rows, of a CSV file's ``lines`` (each with its newline; a file object streams) that were
    written whole: a last line without its newline (cut short by a full disk, a copy taken mid-write, or still being
    written) and a row of another width than the header are left out. Nothing for a file without a header."""
    rows = written_rows(lines)
    header = next(rows, None)
    if header is not None:
        yield header
        yield from (row for row in rows if len(row) == len(header))


def written_rows(lines: Iterable[str]) -> Iterator[List[str]]:
    """The CSV rows of ``lines`` (each with its newline) but a last line without its newline: cut short by a full disk,
    a copy taken mid-write, or still being written."""
    import csv  # here: create-default imports this module and needs no CSV

    return csv.reader(line for line in lines if line.endswith("\n"))


def shown(path: Path) -> str:
    """``path`` as a message shows it: relative to the working directory if it is below it, else as it is."""
    with contextlib.suppress(ValueError):
        return str(Path(path).relative_to(Path.cwd()))
    return str(path)


def numbered(stem: Path) -> Iterator[Path]:
    """``stem``, then ``stem-2``, ``stem-3``... to find a name not yet taken."""
    yield stem
    for number in itertools.count(2):
        yield stem.with_name(f"{stem.name}-{number}")


def first_free(stem: Path) -> Path:
    """The first of :func:`numbered`'s names that does not exist."""
    return next(path for path in numbered(stem) if not path.exists())


def claimed(stem: Path) -> Path:
    """The first of :func:`numbered`'s names made here as a new folder (``mkdir`` fails for a name taken, so two
    processes in one second never share one); its parents are made as needed."""
    stem.parent.mkdir(parents=True, exist_ok=True)
    for path in numbered(stem):
        with contextlib.suppress(FileExistsError):
            path.mkdir()
            return path
    raise AssertionError("numbered() never ends")


def timestamped(name: str) -> str:
    """``<name>-<time>``: the name of a new run folder or evaluation, e.g. ``agent-20260130-171500``."""
    return f"{name}-{time.strftime('%Y%m%d-%H%M%S')}"


def holds_other_files(folder: Path, lock: str, own: Dict[str, Optional[str]] = None) -> bool:
    """Whether ``folder`` holds anything but its ``lock`` (False if it is missing or not a folder: creating
    it fails with its own message). A sweep or tune folder holding that, with no manifest, is someone else's.

    ``own``: what the command itself writes before its manifest, by name: a file holding the text given (what this
    command would write), or an empty folder (None); and temporary files (``.*.tmp``). A folder holding only those
    is one the same command was killed making: not someone else's."""
    own = own or {}

    def made(child: Path) -> bool:
        if child.name.startswith(".") and child.name.endswith(".tmp"):
            return True
        if child.name not in own:
            return False
        text = own[child.name]
        try:
            return not any(child.iterdir()) if text is None else child.read_text(encoding="utf-8") == text
        except (OSError, UnicodeDecodeError):
            return False
    try:
        return any(child.name != lock and not made(child) for child in folder.iterdir())
    except OSError:
        return False


def identity(path: Path) -> Optional[Tuple[int, int]]:
    """``path``'s device and inode, which a move or a new folder made at ``path`` changes; None if it is missing."""
    try:
        status = os.stat(path)
    except OSError:
        return None
    return status.st_dev, status.st_ino
