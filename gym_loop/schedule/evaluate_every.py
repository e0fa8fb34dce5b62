"""Rule: a periodic evaluation every N training episodes."""

from typing import Any, Optional

from gym_loop.schedule import EVALUATE


class EvaluateEvery:
    """Evaluate after every ``episodes`` training episodes (loop parameter ``episodes_per_eval``)."""

    def __init__(self, episodes: int):
        self.episodes = episodes

    def after_episode(self, progress: Any) -> Optional[str]:
        return EVALUATE if progress.episodes % self.episodes == 0 else None

    def quiet(self, progress: Any, episodes: int, global_step: int) -> bool:
        """Whether :meth:`after_episode` stays None up to ``episodes`` episodes at ``global_step``."""
        return episodes // self.episodes == progress.episodes // self.episodes
