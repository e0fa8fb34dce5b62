"""Rule: a checkpoint when some seconds have passed since the last one this rule asked for."""

import time
from typing import Any, Optional

from gym_loop.schedule import CHECKPOINT


class CheckpointByTime:
    """Checkpoint after the first episode that ends ``seconds`` or more after the last (``time_per_checkpoint``)."""

    def __init__(self, seconds: float):
        self.seconds = seconds
        self._last = time.monotonic()

    def after_episode(self, progress: Any) -> Optional[str]:
        now = time.monotonic()
        if now - self._last < self.seconds:
            return None
        self._last = now
        return CHECKPOINT

    def quiet(self, progress: Any, episodes: int, global_step: int) -> bool:
        """Whether :meth:`after_episode` stays None up to ``episodes`` episodes at ``global_step``."""
        return time.monotonic() - self._last < self.seconds
