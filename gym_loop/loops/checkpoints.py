"""Checkpoints: when one is due, and writing it so that a failed save never replaces a good one.

A checkpoint is a folder ``agent-<episodes>-<commit>`` (no commit outside git) holding the agent's
file(s), written by its ``save``, and ``loop.pkl``, what the loop needs to resume: counters and
random generator states. ``latest`` and ``best`` are symbolic links to checkpoint folders.
"""

import logging
import os
import pickle
import shutil
import tempfile
import time
from pathlib import Path
from typing import Any, Callable, Dict, Optional

from gym_loop import run_identity
from gym_loop.errors import GymLoopError
from gym_loop.provenance import short_commit

logger = logging.getLogger(__name__)

AGENT_FILE = "agent.ckpt"
LOOP_FILE = "loop.pkl"
LINKS = ("latest", "best")


def checkpoint_name(episodes_done: int, commit: Optional[str] = None) -> str:
    """Folder name of the checkpoint taken after ``episodes_done`` episodes."""
    return f"agent-{episodes_done:06d}" + (f"-{commit}" if commit else "")


class Checkpoints:
    """Saves the agent and the loop's state when a checkpoint is due.

    The agent writes into a fresh staging folder; only when ``save`` returns is that folder
    renamed into place and ``latest`` pointed at it.

    Args:
        save: The agent's save method, called with the path of its file.
        directory: Where checkpoints go (created on first save).
        every_episodes: Save after every this many episodes; None for never.
        every_seconds: Save when this many seconds passed since the last save; None for never.
    """

    def __init__(self, save: Callable[[str], None], directory: str,
                 every_episodes: Optional[int], every_seconds: Optional[float]):
        self._save = save
        self.directory = Path(directory)
        self.every_episodes = every_episodes
        self.every_seconds = every_seconds
        self.commit = short_commit()
        self.last_saved: Optional[int] = None
        self._last_time = time.monotonic()

    def due(self, episodes_done: int) -> bool:
        """Whether a checkpoint is due after ``episodes_done`` episodes."""
        by_count = bool(self.every_episodes) and episodes_done % self.every_episodes == 0
        by_time = bool(self.every_seconds) and time.monotonic() - self._last_time >= self.every_seconds
        return by_count or by_time

    def save(self, episodes_done: int, loop_state: Dict[str, Any], best: bool = False) -> Path:
        """Save now (unless this very point is saved already) and point ``latest``, and ``best`` if asked, at it."""
        folder = self.directory / checkpoint_name(episodes_done, self.commit)
        if self.last_saved != episodes_done:
            self._write(folder, loop_state)
            self.last_saved = episodes_done
            self._last_time = time.monotonic()
            _link(self.directory / "latest", folder.name)
            logger.info("checkpoint: %s", folder)
        if best:
            _link(self.directory / "best", folder.name)
        return folder

    def _write(self, folder: Path, loop_state: Dict[str, Any]) -> None:
        self.directory.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=".saving-", dir=self.directory))
        try:
            try:
                self._save(str(staging / AGENT_FILE))
            except Exception as error:
                raise GymLoopError(f"agent.save failed for {folder}: {type(error).__name__}: {error}; "
                                   "earlier checkpoints are intact") from error
            (staging / LOOP_FILE).write_bytes(pickle.dumps(loop_state))
            run_identity.stamp(self.directory, staging)  # which run the checkpoint belongs to
            if folder.exists():  # the same point saved by an earlier, unfinished attempt of this run
                shutil.rmtree(folder)
            os.replace(staging, folder)
        finally:
            shutil.rmtree(staging, ignore_errors=True)


def find_checkpoint(directory: Path, which: str) -> Path:
    """The checkpoint folder ``which`` names: ``latest``, ``best`` (in ``directory``) or a path.

    Raises:
        GymLoopError: There is no such checkpoint.
    """
    path = Path(directory) / which if which in LINKS else Path(which).expanduser()
    if not path.exists():
        hint = ("no checkpoint was saved yet" if which == "latest" else
                "best is kept with periodic evaluation (loop.parameters.episodes_per_eval)" if which == "best"
                else "give latest, best or the path of a checkpoint folder")
        raise GymLoopError(f"no checkpoint {path}: {hint}")
    if not (path / LOOP_FILE).is_file():
        raise GymLoopError(f"{path} is not a checkpoint folder (it has no {LOOP_FILE})")
    return path.resolve()


def read_loop_state(checkpoint: Path) -> Dict[str, Any]:
    """The loop state saved in a checkpoint folder.

    Raises:
        GymLoopError: The file cannot be read whole (cut short, damaged).
    """
    path = Path(checkpoint) / LOOP_FILE
    try:
        return pickle.loads(path.read_bytes())
    except (pickle.UnpicklingError, EOFError, ValueError, TypeError, AttributeError, ImportError) as error:
        raise GymLoopError(f"{path} cannot be read ({type(error).__name__}: {error}); the checkpoint is damaged: "
                           f"point {path.parent.parent}/latest at an earlier checkpoint folder to resume from it"
                           ) from error


def _link(link: Path, target: str) -> None:
    """Point the symbolic link ``link`` at ``target``, atomically."""
    temporary = link.with_name(f".{link.name}.tmp")
    temporary.unlink(missing_ok=True)
    os.symlink(target, temporary)
    os.replace(temporary, link)
