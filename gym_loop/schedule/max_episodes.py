"""Rule: stop when the planned number of training episodes is done."""

import math
from typing import Any, Optional, Tuple

from gym_loop.schedule import Stop

PLANNED = "ran every planned episode"


class MaxEpisodes:
    """Stop after ``episodes`` training episodes (loop parameter ``max_episodes``)."""

    def __init__(self, episodes: Optional[int]):
        self.episodes = episodes  # None: no limit (max_steps ends the run)

    def after_episode(self, progress: Any) -> Optional[Stop]:
        return Stop("finished", PLANNED) if self.episodes is not None and progress.episodes >= self.episodes else None

    def quiet_until(self, progress: Any) -> Tuple[float, float]:
        """:meth:`after_episode` stays None while fewer episodes than these are done (and env steps than these)."""
        return math.inf if self.episodes is None else self.episodes, math.inf
