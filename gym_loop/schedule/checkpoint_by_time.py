"""Rule: a checkpoint when some seconds have passed since the last checkpoint."""

import time
from typing import Any, Optional

from gym_loop.schedule import CHECKPOINT


class CheckpointByTime:
    """Checkpoint after the first episode that ends ``seconds`` or more after the last checkpoint
    (``time_per_checkpoint``), whichever rule asked for it: the clock restarts when a checkpoint is
    written, so a due one that the run skipped (:meth:`gym_loop.run.Run._coalesced`) is asked for again."""

    def __init__(self, seconds: float):
        self.seconds = seconds
        self._last = time.monotonic()

    def after_episode(self, progress: Any) -> Optional[str]:
        return CHECKPOINT if time.monotonic() - self._last >= self.seconds else None

    def after_checkpoint(self, progress: Any) -> None:
        self._last = time.monotonic()

    def quiet(self, progress: Any, episodes: int, global_step: int) -> bool:
        """Whether :meth:`after_episode` stays None up to ``episodes`` episodes at ``global_step``."""
        return time.monotonic() - self._last < self.seconds
