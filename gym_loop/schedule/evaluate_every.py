"""Rule: a periodic evaluation every N training episodes, and one after the last planned episode."""

from typing import Any, Optional

from gym_loop.schedule import EVALUATE


class EvaluateEvery:
    """Evaluate after every ``episodes`` training episodes (loop parameter ``episodes_per_eval``), and after
    the last planned one (``max_episodes``) when it is not a multiple: the last row of ``evals.csv`` is then
    the trained agent's, as a sweep's or tune's final-eval score needs."""

    def __init__(self, episodes: int):
        self.episodes = episodes

    def after_episode(self, progress: Any) -> Optional[str]:
        due = progress.episodes % self.episodes == 0 or progress.episodes == progress.planned
        return EVALUATE if due else None

    def quiet(self, progress: Any, episodes: int, global_step: int) -> bool:
        """Whether :meth:`after_episode` stays None up to ``episodes`` episodes at ``global_step``."""
        return (episodes // self.episodes == progress.episodes // self.episodes
                and not progress.episodes < progress.planned <= episodes)
