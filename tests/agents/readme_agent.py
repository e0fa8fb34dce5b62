"""An agent written exactly like the README's template, as a user would: no metrics, no save."""

from gym_loop.agents import BaseAgent


class ReadmeAgent(BaseAgent):
    @staticmethod
    def get_default_parameters():
        """Specifies tweakable parameters for agents"""
        return {"greed": 0.5, "label": "readme"}

    def __init__(self, **params):
        super().__init__()
        self.parameters = self.get_default_parameters()
        self.parameters.update(params)
        self.memorized = 0
        self.updates = 0

    def act(self, state, episode_num):
        """Retrieves agent's action upon state"""
        return self.parameters["action_space"].sample()

    def memorize(self, last_ob, action, reward, done, ob):
        """Called after environment steps on action, arguments are classic SARSA tuple"""
        self.memorized += 1

    def update(self, episode_num):
        """Called immediately after memorize"""
        self.updates += 1
