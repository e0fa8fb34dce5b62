"""Rule: a checkpoint every N training episodes."""

import math
from typing import Any, Optional, Tuple

from gym_loop.schedule import CHECKPOINT


class CheckpointEvery:
    """Checkpoint after every ``episodes`` training episodes (loop parameter ``episodes_per_checkpoint``)."""

    DECISION = CHECKPOINT

    def __init__(self, episodes: int):
        self.episodes = episodes

    def after_episode(self, progress: Any) -> Optional[str]:
        return self.DECISION if progress.episodes % self.episodes == 0 else None

    def quiet_until(self, progress: Any) -> Tuple[float, float]:
        """:meth:`after_episode` stays None while fewer episodes than these are done (and env steps than these)."""
        return (progress.episodes // self.episodes + 1) * self.episodes, math.inf
