"""What a train or evaluate call did: counts, time, and the recent episodes' returns."""

import statistics
import time
from collections import deque
from typing import Deque, Optional


class Summary:
    """Running totals of a train or evaluate call.

    Args:
        window: How many recent episodes' returns and lengths to keep; None keeps all.
    """

    def __init__(self, window: Optional[int] = None):
        self.episodes = 0
        self.steps = 0
        self.returns: Deque[float] = deque(maxlen=window)
        self.lengths: Deque[int] = deque(maxlen=window)
        self._started = time.perf_counter()
        self.seconds = 0.0

    def add(self, total_reward: float, length: int) -> None:
        """Count one finished episode."""
        self.episodes += 1
        self.steps += length
        self.returns.append(total_reward)
        self.lengths.append(length)
        self.seconds = time.perf_counter() - self._started

    @property
    def mean_return(self) -> float:
        """Mean return over the kept episodes (nan before the first)."""
        return statistics.fmean(self.returns) if self.returns else float("nan")

    def describe(self) -> str:
        """One line for the terminal."""
        rate = self.steps / self.seconds if self.seconds > 0 else float("nan")
        spread = f" ± {statistics.pstdev(self.returns):.2f}" if len(self.returns) > 1 else ""
        kept = "" if self.returns.maxlen is None else f" (last {len(self.returns)})"
        return (f"{self.episodes} episodes, {self.steps} steps in {self.seconds:.1f} s "
                f"({rate:.0f} steps/s); mean return{kept} {self.mean_return:.2f}{spread}")
