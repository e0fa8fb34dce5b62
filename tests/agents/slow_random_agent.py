"""RandomAgent, slowed down so that a test can signal a run while it trains."""

import time

from gym_loop.agents.random_agent import RandomAgent


class SlowRandomAgent(RandomAgent):
    def act(self, state, episode_num):
        time.sleep(0.002)
        return super().act(state, episode_num)
