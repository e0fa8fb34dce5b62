"""What keeps a run folder whole and its own: a sealed ``spec.yaml``, run ids on its checkpoints, no leftovers.

* **Seal.** ``spec.yaml`` starts with ``# gym-loop sha256: <hex>`` of the text below it, a line
  that a truncation keeps. A spec cut short by a full disk or a crash mid-copy can still be valid
  YAML (missing its last keys, ``seed`` is last, it resumed silently with defaults and a new
  seed); :func:`spec_problem` refuses it. Files from before the seal have no such line and are
  checked for the keys a complete spec has.
* **Run ids.** A run writes the id of its ``run.json`` into its checkpoint directory when training
  starts (:func:`claim`); each checkpoint folder gets a copy as it is saved (:func:`stamp`).
  Resuming and ``eval --run`` load ``latest``/``best`` only if the checkpoint's id is the run's
  own (:func:`check`), so a run never continues from another run's state. Checkpoints and runs
  from before ids existed have none and are accepted.
* **Leftovers.** Checkpoints are staged in ``.saving-*`` folders and files are written through
  ``.<name>.tmp`` (see :mod:`gym_loop.files`); a ``kill -9`` or a power loss in between leaves them
  behind. Only the run's lock holder calls :func:`remove_leftovers`, so no other process writes them.
"""

import hashlib
import logging
import shutil
import uuid
from pathlib import Path
from typing import List, Optional

from gym_loop.errors import GymLoopError, SpecError

logger = logging.getLogger(__name__)

MARK = "# gym-loop sha256: "
COMPLETE_KEYS = ("agent:", "env:", "loop:", "runs_dir:", "seed:")  # top-level keys every written spec has
ID_FILE = "run-id"
LEFTOVERS = (".saving-*", ".*.tmp")


def seal(text: str) -> str:
    """``text`` under its checksum line."""
    return f"{MARK}{_digest(text)}\n{text}"


def spec_problem(path: Path) -> Optional[str]:
    """Why the spec file at ``path`` cannot be trusted whole, or None if it can."""
    from gym_loop.yaml_safety import read_text

    try:
        text = read_text(Path(path))
    except SpecError as error:
        return str(error)
    except (OSError, UnicodeDecodeError) as error:
        return f"{path} cannot be read ({type(error).__name__}: {error}); restore it from a copy of the run"
    first, _, body = text.partition("\n")
    if first.startswith(MARK):
        if first[len(MARK):].strip() == _digest(body):
            return None
        return (f"{path} was cut short or changed after gym-loop wrote it (its first line, a checksum, does not "
                "match the rest); restore it from a copy of the run, or delete that line to use the file as it is")
    if all(any(line.startswith(key) for line in text.splitlines()) for key in COMPLETE_KEYS):
        return None  # written before the seal, and whole as far as can be told
    return (f"{path} is not a complete run spec (it lacks one of {', '.join(k[:-1] for k in COMPLETE_KEYS)}); "
            "restore it from a copy of the run")


def new_id() -> str:
    """A fresh run id."""
    return uuid.uuid4().hex


def claim(checkpoint_dir: Optional[Path], run_id: Optional[str]) -> None:
    """Mark ``checkpoint_dir`` as the checkpoint directory of run ``run_id``.

    Does nothing for a loop without a checkpoint directory or a run without id (None).

    Raises:
        GymLoopError: The directory belongs to another run.
    """
    if checkpoint_dir is None or run_id is None:
        return
    directory = Path(checkpoint_dir)
    owner = _read_id(directory)
    if owner is not None and owner != run_id:
        raise GymLoopError(f"{directory} holds the checkpoints of another run (id {owner}); "
                           "give this run its own loop.parameters.checkpoint_dir")
    directory.mkdir(parents=True, exist_ok=True)
    (directory / ID_FILE).write_text(run_id + "\n", encoding="utf-8")


def stamp(checkpoint_dir: Path, staging: Path) -> None:
    """Copy the run id of ``checkpoint_dir``, if it has one, into a checkpoint folder being written."""
    run_id = _read_id(Path(checkpoint_dir))
    if run_id is not None:
        (Path(staging) / ID_FILE).write_text(run_id + "\n", encoding="utf-8")


def check(checkpoint: Path, run_id: Optional[str], run_path: Path) -> None:
    """Refuse to load ``checkpoint`` into run ``run_id`` if it was saved by another run.

    Raises:
        GymLoopError: The checkpoint's id is not the run's.
    """
    owner = _read_id(Path(checkpoint))
    if run_id is not None and owner is not None and owner != run_id:
        raise GymLoopError(f"checkpoint {Path(checkpoint).name} was saved by another run (id {owner}), not by "
                           f"{run_path} (id {run_id}); it is not loaded")


def remove_leftovers(*folders: Path) -> List[Path]:
    """Delete the staging folders and temporary files in ``folders``; returns what was deleted."""
    removed = []
    for folder in folders:
        for pattern in LEFTOVERS:
            for path in sorted(Path(folder).glob(pattern)):
                if path.is_dir() and not path.is_symlink():
                    shutil.rmtree(path)
                else:
                    path.unlink()
                removed.append(path)
    if removed:
        logger.info("removed %d unfinished file(s) of an earlier attempt: %s", len(removed),
                    ", ".join(path.name for path in removed))
    return removed


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _read_id(directory: Path) -> Optional[str]:
    try:
        return (directory / ID_FILE).read_text(encoding="utf-8").strip() or None
    except (FileNotFoundError, NotADirectoryError):
        return None
