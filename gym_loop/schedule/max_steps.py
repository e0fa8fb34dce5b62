"""Rule: stop with the episode that reaches a number of env steps."""

from typing import Any, Optional

from gym_loop.schedule import Stop


class MaxSteps:
    """Stop when ``steps`` env steps are done, checked as each episode ends (loop parameter ``max_steps``)."""

    def __init__(self, steps: int):
        self.steps = steps

    def after_episode(self, progress: Any) -> Optional[Stop]:
        if progress.global_step < self.steps:
            return None
        return Stop("finished", f"ran {progress.global_step} env steps, max_steps {self.steps}")

    def quiet(self, progress: Any, episodes: int, global_step: int) -> bool:
        """Whether :meth:`after_episode` stays None up to ``episodes`` episodes at ``global_step``."""
        return global_step < self.steps
