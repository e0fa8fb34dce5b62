"""Rule: stop when the planned number of training episodes is done."""

from typing import Any, Optional

from gym_loop.schedule import Stop

PLANNED = "ran every planned episode"


class MaxEpisodes:
    """Stop after ``episodes`` training episodes (loop parameter ``max_episodes``)."""

    def __init__(self, episodes: int):
        self.episodes = episodes

    def after_episode(self, progress: Any) -> Optional[Stop]:
        return Stop("finished", PLANNED) if progress.episodes >= self.episodes else None

    def quiet(self, progress: Any, episodes: int, global_step: int) -> bool:
        """Whether :meth:`after_episode` stays None up to ``episodes`` episodes at ``global_step``."""
        return episodes < self.episodes
