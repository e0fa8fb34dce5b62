"""Rule: stop with the episode that reaches a number of env steps."""

import math
from typing import Any, Optional, Tuple

from gym_loop.schedule import Stop


class MaxSteps:
    """Stop when ``steps`` env steps are done, checked as each episode ends (loop parameter ``max_steps``)."""

    def __init__(self, steps: int):
        self.steps = steps

    def after_episode(self, progress: Any) -> Optional[Stop]:
        if progress.global_step < self.steps:
            return None
        return Stop("finished", f"ran {progress.global_step} env steps, max_steps {self.steps}")

    def quiet_until(self, progress: Any) -> Tuple[float, float]:
        """:meth:`after_episode` stays None while fewer episodes than these are done (and env steps than these)."""
        return math.inf, self.steps
