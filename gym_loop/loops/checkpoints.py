"""When and where the agent is saved: every N episodes, every T seconds, and at the end."""

import logging
import os
import shutil
import tempfile
import time
from pathlib import Path
from typing import Callable, Optional

from gym_loop.errors import GymLoopError

logger = logging.getLogger(__name__)


def checkpoint_name(episodes_done: int) -> str:
    """File name of the checkpoint taken after ``episodes_done`` episodes."""
    return f"agent-{episodes_done:06d}.ckpt"


class Checkpoints:
    """Calls ``save(path)`` when a checkpoint is due, so that a failed save never replaces a good one.

    The agent writes into a fresh staging folder; only when ``save`` returns are its files moved
    into ``directory``, each with an atomic rename.

    Args:
        save: The agent's save method.
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
        self.last_saved: Optional[int] = None
        self._last_time = time.monotonic()

    def after_episode(self, episodes_done: int) -> None:
        """Save if a checkpoint is due after ``episodes_done`` episodes."""
        by_count = self.every_episodes and episodes_done % self.every_episodes == 0
        by_time = self.every_seconds and time.monotonic() - self._last_time >= self.every_seconds
        if by_count or by_time:
            self.save(episodes_done)

    def final(self, episodes_done: int) -> None:
        """Save at the end of training unless that exact point is already saved."""
        if episodes_done and self.last_saved != episodes_done:
            self.save(episodes_done)

    def save(self, episodes_done: int) -> None:
        """Save now."""
        self.directory.mkdir(parents=True, exist_ok=True)
        name = checkpoint_name(episodes_done)
        staging = Path(tempfile.mkdtemp(prefix=".saving-", dir=self.directory))
        try:
            self._save_into(staging, name)
            for item in staging.iterdir():  # the agent may add a suffix or write several files
                os.replace(item, self.directory / item.name)
        finally:
            shutil.rmtree(staging, ignore_errors=True)
        self.last_saved = episodes_done
        self._last_time = time.monotonic()
        logger.info("checkpoint: %s", self.directory / name)

    def _save_into(self, staging: Path, name: str) -> None:
        try:
            self._save(str(staging / name))
        except Exception as error:
            raise GymLoopError(f"agent.save failed for {self.directory / name}: {type(error).__name__}: "
                               f"{error}; earlier checkpoints are intact") from error
