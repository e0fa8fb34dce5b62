"""Rule: a checkpoint every N training episodes."""

from typing import Any, Optional

from gym_loop.schedule import CHECKPOINT


class CheckpointEvery:
    """Checkpoint after every ``episodes`` training episodes (loop parameter ``episodes_per_checkpoint``)."""

    DECISION = CHECKPOINT

    def __init__(self, episodes: int):
        self.episodes = episodes

    def after_episode(self, progress: Any) -> Optional[str]:
        return self.DECISION if progress.episodes % self.episodes == 0 else None

    def quiet(self, progress: Any, episodes: int, global_step: int) -> bool:
        """Whether :meth:`after_episode` stays None up to ``episodes`` episodes at ``global_step``."""
        return episodes // self.episodes == progress.episodes // self.episodes
