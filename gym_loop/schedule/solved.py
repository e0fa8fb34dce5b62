"""Rule: stop when the reward threshold is reached, by periodic evaluation or by recent training returns."""

import math
from typing import Any, Optional

from gym_loop.schedule import Stop

WINDOW = 100  # training episodes averaged when there is no periodic evaluation


class Solved:
    """Stop once a mean return reaches ``target`` (loop parameter ``reward_threshold``).

    Args:
        target: The threshold.
        by_evaluation: Judge by periodic evaluations' mean return; else by the mean return of
            the last :data:`WINDOW` training episodes. A NaN mean never reaches the threshold.
    """

    def __init__(self, target: float, by_evaluation: bool):
        self.target = target
        self.by_evaluation = by_evaluation

    def after_episode(self, progress: Any) -> Optional[Stop]:
        if self.by_evaluation or len(progress.returns) < WINDOW:
            return None
        return self._judge(progress.episodes, progress.mean_return, f"mean return of the last {WINDOW} episodes")

    def quiet(self, progress: Any, episodes: int, global_step: int) -> bool:
        """Whether :meth:`after_episode` stays None: only when judging by evaluations."""
        return self.by_evaluation

    def after_evaluation(self, episode: int, global_step: int, mean_return: float) -> Optional[Stop]:
        return self._judge(episode, mean_return, "evaluation mean return") if self.by_evaluation else None

    def _judge(self, episodes: int, mean: float, what: str) -> Optional[Stop]:
        if not math.isfinite(mean) or mean < self.target:
            return None
        return Stop("finished", f"solved after {episodes} episodes: {what} {mean:.2f} >= {self.target}")
