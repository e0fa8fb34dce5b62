"""Writing files so that a failure leaves the old file, or none, never half a file; reading a CSV file's whole rows."""

import contextlib
import itertools
import math
import os
import time
from pathlib import Path
from typing import Any, Callable, Dict, Iterable, Iterator, List, Optional, Tuple

SPEC_FILE = "spec.yaml"  # a run folder's (gym_loop.run_folder)
SEAL = "# gym-loop sha256: "  # spec.yaml's first line, then the sha256 of the rest: as gym-loop wrote it
RECORD_FILE = "run.json"
LOCK_FILE = ".lock"
ID_FILE = "run-id"
SWEEP_MANIFEST = "manifest.json"  # a sweep folder's (gym_loop.sweeps.state)
TUNE_SETTINGS = "tune.json"  # a tune folder's (gym_loop.tuning.folder)


# JSON has no inf or NaN: the records gym-loop writes (run.json, a sweep's manifest.json and state.json, an evaluation's
# summary, tune files, aggregate --format json) hold them as YAML spells them, which --set and a spec read back.
NON_FINITE = {".inf": math.inf, "-.inf": -math.inf, ".nan": math.nan}


def json_text(value: Any, indent: Optional[int] = None, default: Optional[Callable[[Any], Any]] = None) -> str:
    """Strict JSON text of ``value`` (``json.dumps``'s ``indent`` and ``default``): a float that is not finite as the
    string of :data:`NON_FINITE` (``".inf"``, ``"-.inf"``, ``".nan"``), which :func:`json_value` reads back; a string
    that is one of those, after any backslashes (a grid's value ``".inf"``), gets one backslash more, so it is read
    back as the string it was."""
    import json  # here: create-default's start-up does without it

    return json.dumps(_finite(value), indent=indent, allow_nan=False,
                      default=None if default is None else (lambda item: _finite(default(item))))


def json_value(text: str) -> Any:
    """The value of JSON ``text`` that :func:`json_text` wrote, its :data:`NON_FINITE` strings as floats again; an
    older file's ``NaN`` and ``Infinity`` are read too."""
    import json

    return _non_finite(json.loads(text))


def _finite(value: Any) -> Any:
    if isinstance(value, str) and value.lstrip("\\") in NON_FINITE:
        return "\\" + value
    if isinstance(value, float) and not math.isfinite(value):
        return ".nan" if math.isnan(value) else ".inf" if value > 0 else "-.inf"
    if isinstance(value, dict):
        return {key: _finite(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [_finite(item) for item in value]
    return value


def _non_finite(value: Any) -> Any:
    if isinstance(value, str):
        if value.startswith("\\") and value.lstrip("\\") in NON_FINITE:  # a string json_text escaped
            return value[1:]
        return NON_FINITE.get(value, value)
    if isinstance(value, dict):
        return {key: _non_finite(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_non_finite(item) for item in value]
    return value


def write_atomically(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` through a temporary file beside it, ``fsync``-ed, and an atomic rename: a failure
    (a full disk) leaves the old file whole; a symlink's target is written (the link stays a link)."""
    write_together({path: text})


def write_together(texts: Dict[Path, str]) -> None:
    """:func:`write_atomically` each file of ``texts`` (path -> text), all or none: every temporary file is written
    and ``fsync``-ed before the first rename, so a failure (a full disk) leaves every file as it was."""
    staged: List[Tuple[Path, Path, Path]] = []  # (temporary, path, the path given)
    try:
        for given, text in texts.items():
            given = Path(given)
            # Only a link is resolved: realpath would also drop a missing data/ of data/../x, which mkdir makes.
            path = Path(os.path.realpath(given)) if given.is_symlink() else given
            path.parent.mkdir(parents=True, exist_ok=True)
            temporary = temporary_of(path)
            staged.append((temporary, path, given))
            with _naming(given, temporary, path):  # over a reserve's blocks if there is one (see reserve)
                with open(os.open(temporary, os.O_WRONLY | os.O_CREAT, 0o666), "wb") as file:
                    file.write(text.encode("utf-8"))
                    file.truncate()
                    file.flush()
                    os.fsync(file.fileno())
        for temporary, path, given in staged:
            with _naming(given, temporary, path):
                os.replace(temporary, path)
    finally:
        for temporary, _, _ in staged:
            with contextlib.suppress(OSError):  # none was made (a read-only file system says so with EROFS)
                temporary.unlink()


def temporary_of(path: Path) -> Path:
    """The temporary file :func:`write_together` writes ``path`` through: ``.<name>.tmp`` beside it."""
    return path.with_name(f".{path.name}.tmp")


def reserve(path: Path, size: int) -> None:
    """Keep ``size`` bytes of disk for the next :func:`write_atomically` of ``path``: its temporary file, written
    over (not truncated) by that write, which a full disk then lets through while it is no longer than ``size``.
    Nothing if the disk is full already."""
    with contextlib.suppress(OSError), open(os.open(temporary_of(Path(path)), os.O_WRONLY | os.O_CREAT, 0o666),
                                            "wb") as file:
        file.write(b" " * size)
        file.truncate()
        file.flush()
        os.fsync(file.fileno())


@contextlib.contextmanager
def _naming(given: Path, *own: Path) -> Iterator[None]:
    """An OSError raised inside names ``given``, the file the user knows, instead of its temporary file or target."""
    try:
        yield
    except OSError as error:
        if error.filename in (None, *map(str, own)):
            error.filename = str(given)
        raise


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
