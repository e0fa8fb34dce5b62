"""Which run a checkpoint belongs to: a run id in ``run.json``, copied into each checkpoint folder.

A run writes its id into its checkpoint directory when training starts (:func:`claim`); each
checkpoint folder gets a copy as it is saved (:func:`stamp`). Resuming and ``eval --run`` load
``latest``/``best`` only if the checkpoint's id is the run's own (:func:`check`), so a run never
continues from another run's state. Checkpoints and runs from before ids existed have none and
are accepted.
"""

import uuid
from pathlib import Path
from typing import Optional

from gym_loop.errors import GymLoopError

ID_FILE = "run-id"


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
    owner = _read(directory)
    if owner is not None and owner != run_id:
        raise GymLoopError(f"{directory} holds the checkpoints of another run (id {owner}); "
                           "give this run its own loop.parameters.checkpoint_dir")
    directory.mkdir(parents=True, exist_ok=True)
    (directory / ID_FILE).write_text(run_id + "\n", encoding="utf-8")


def stamp(checkpoint_dir: Path, staging: Path) -> None:
    """Copy the run id of ``checkpoint_dir``, if it has one, into a checkpoint folder being written."""
    run_id = _read(Path(checkpoint_dir))
    if run_id is not None:
        (Path(staging) / ID_FILE).write_text(run_id + "\n", encoding="utf-8")


def check(checkpoint: Path, run_id: Optional[str], run_path: Path) -> None:
    """Refuse to load ``checkpoint`` into run ``run_id`` if it was saved by another run.

    Raises:
        GymLoopError: The checkpoint's id is not the run's.
    """
    owner = _read(Path(checkpoint))
    if run_id is not None and owner is not None and owner != run_id:
        raise GymLoopError(f"checkpoint {Path(checkpoint).name} was saved by another run (id {owner}), not by "
                           f"{run_path} (id {run_id}); it is not loaded")


def _read(directory: Path) -> Optional[str]:
    try:
        return (directory / ID_FILE).read_text(encoding="utf-8").strip() or None
    except (FileNotFoundError, NotADirectoryError):
        return None
