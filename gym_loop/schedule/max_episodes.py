"""Rule: stop when the planned number of training episodes is done."""

from typing import Any, Optional

from gym_loop.schedule import Stop

PLANNED = "ran every planned episode"


class MaxEpisodes:
    """Stop after ``episodes`` training episodes (loop parameter ``max_episodes``)."""

    def __init__(self, episodes: Optional[int]):
        self.episodes = episodes  # None: no limit (max_steps ends the run)

    def after_episode(self, progress: Any) -> Optional[Stop]:
        return Stop("finished", PLANNED) if self.episodes is not None and progress.episodes >= self.episodes else None

    def quiet(self, progress: Any, episodes: int, global_step: int) -> bool:
        """Whether :meth:`after_episode` stays None up to ``episodes`` episodes at ``global_step``."""
        return self.episodes is None or episodes < self.episodes
