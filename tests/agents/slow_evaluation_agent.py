"""RandomAgent whose evaluation episodes are slow and announced in a file, so a test can signal a run during one."""

import time
from pathlib import Path

from gym_loop.agents.random_agent import RandomAgent


class SlowEvaluationAgent(RandomAgent):
    def act(self, state, episode_num, evaluation=False):
        if evaluation:
            Path("evaluating").touch()
            time.sleep(0.002)
        return super().act(state, episode_num)
