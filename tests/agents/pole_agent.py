"""A deterministic agent for CartPole: pushes the cart towards where the pole falls. Records its transitions."""

from gym_loop.agents import BaseAgent


class PoleAgent(BaseAgent):
    def __init__(self, **params):
        super().__init__(**params)
        self.transitions = []

    def act(self, state, episode_num):
        return int(state[2] + 0.3 * state[3] > 0)

    def memorize(self, last_ob, action, reward, done, ob, terminated, truncated, global_step):
        self.transitions.append((last_ob, action, done, ob, global_step))
