"""Per-episode TensorBoard scalars: return, length and every metric the agent reports."""

import logging
import math
from typing import Any, Dict, Optional

from gym_loop.errors import GymLoopError

logger = logging.getLogger(__name__)


class EpisodeLog:
    """A tensorboardX writer that logs one point per episode, with the episode as its step.

    Use it as a context manager: the writer is flushed and closed however the run ends.

    Args:
        logdir: TensorBoard log directory.
    """

    def __init__(self, logdir: str):
        from tensorboardX import SummaryWriter  # slow to import: keep it off the CLI's start-up

        self._writer = SummaryWriter(logdir=str(logdir))
        self._warned_non_finite = set()

    def __enter__(self) -> "EpisodeLog":
        return self

    def __exit__(self, *exc_info: Any) -> None:
        self._writer.close()

    def write(self, episode: int, total_reward: float, length: int,
              metrics: Optional[Dict[str, Any]]) -> None:
        """Log one finished episode.

        Raises:
            GymLoopError: A metric is not a number.
        """
        self._writer.add_scalar("episode/return", total_reward, episode)
        self._writer.add_scalar("episode/length", length, episode)
        for name, value in (metrics or {}).items():
            self._writer.add_scalar(name, self._number(name, value), episode)

    def _number(self, name: str, value: Any) -> float:
        try:
            number = float(value)
        except (TypeError, ValueError) as error:
            raise GymLoopError(
                f"metrics() returned {type(value).__name__} for '{name}'; "
                "each metric must be a single number"
            ) from error
        if not math.isfinite(number) and name not in self._warned_non_finite:
            self._warned_non_finite.add(name)
            logger.warning("metric '%s' is %s (warned once per metric)", name, number)
        return number
