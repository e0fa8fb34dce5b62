"""A loop written on BaseLoop implementing only the protocol: episodes out, state in and out as JSON; it calls the
agent through bind_agent, so any agent the docs allow plays under it."""

import itertools

import numpy as np

from gym_loop.agents.protocol import bind_agent
from gym_loop.loops import BaseLoop
from gym_loop.loops.base_loop import Episode


class WalkLoop(BaseLoop):
    """Plays the env with the agent; its own random generator decides how many steps a training episode may last."""

    @staticmethod
    def get_default_parameters():
        return {**BaseLoop.get_default_parameters(), "longest": 20}

    def __init__(self, agent, env, **params):
        super().__init__(**params)
        self.agent, self.env = agent, env
        self.calls = bind_agent(agent)  # act, act_eval, memorize, update, metrics as gym-loop calls them
        self.rng = np.random.default_rng(0)
        self.episodes, self.steps = 0, 0

    def training_episodes(self):
        while True:
            total, length = self._play(self.env, int(self.rng.integers(1, self.longest + 1)), learn=True)
            self.episodes += 1
            yield [Episode(total, length, self.steps)]

    def evaluation_episodes(self, periodic):
        env = self.eval_env if periodic else self.env  # the run sets eval_env: evaluations leave training alone
        for number in itertools.count():
            total, length = self._play(env, self.longest, learn=False)
            yield Episode(total, length, self.steps)

    def state(self):
        return {"episodes": self.episodes, "steps": self.steps, "rng": self.rng.bit_generator.state,
                "env": self.env.unwrapped.np_random.bit_generator.state}

    def restore(self, state):
        self.episodes, self.steps = state["episodes"], state["steps"]
        self.rng.bit_generator.state = state["rng"]
        self.env.unwrapped.np_random.bit_generator.state = state["env"]

    def _play(self, env, limit, learn):
        obs, _ = env.reset()
        total = 0.0
        act = self.calls.act if learn else self.calls.act_eval  # act_eval: evaluation=True, if act takes it
        for length in range(1, limit + 1):
            action = act(obs, self.episodes)
            next_obs, reward, terminated, truncated, info = env.step(action)
            total += float(reward)
            if learn:
                self.steps += 1
                self.calls.memorize(obs, action, reward, terminated or truncated, next_obs, terminated, truncated,
                                    info, self.steps)
                self.calls.update(self.episodes)
            obs = next_obs
            if terminated or truncated:
                break
        return total, length
