"""Acts at random from its seeded generator and reports a digest of the observations of each episode."""

import zlib

import numpy as np

from gym_loop.agents import BaseAgent


class ObservingAgent(BaseAgent):
    def __init__(self, **params):
        super().__init__(**params)
        self.digest = 0

    def act(self, state, episode_num):
        self.digest = zlib.crc32(np.ascontiguousarray(state).tobytes(), self.digest)
        return int(self.rng.integers(self.parameters["action_space"].n))

    def metrics(self, episode_num):
        digest, self.digest = self.digest, 0
        return {"observation_digest": digest % 1_000_003}
