"""A test double: a real agent that records every call the loop makes, and can be told to fail."""

import json

from gym_loop.agents import BaseAgent


class CountingAgent(BaseAgent):
    """Always takes the same action (the space's first); records calls in ``self.calls``.

    ``report`` names a JSON file the call counts are written to at every save.
    """

    @staticmethod
    def get_default_parameters():
        return {"report": None, "fail_save_at": None}

    def __init__(self, **params):
        super().__init__(**params)
        self.calls = {"act": [], "memorize": [], "update": [], "metrics": [], "save": []}
        self.transitions = []
        space = self.parameters["action_space"]
        self.action = space.start if hasattr(space, "start") else space.low


    def act(self, state, episode_num):
        self.calls["act"].append(episode_num)
        return self.action

    def memorize(self, last_ob, action, reward, done, ob, terminated, truncated, info, global_step):
        self.calls["memorize"].append(global_step)
        self.transitions.append({"done": done, "terminated": terminated, "truncated": truncated,
                                 "info": info, "action": action})

    def update(self, episode_num):
        self.calls["update"].append(episode_num)

    def metrics(self, episode_num):
        self.calls["metrics"].append(episode_num)
        return {"agent/memorized": len(self.calls["memorize"]), "agent/updates": len(self.calls["update"])}

    def save(self, path):
        self.calls["save"].append(path)
        if self.parameters["fail_save_at"] == len(self.calls["save"]):
            with open(path, "w") as file:
                file.write("half a checkpoint")
            raise RuntimeError("disk full")
        with open(path, "w") as file:
            json.dump({k: len(v) for k, v in self.calls.items()}, file)
        if self.parameters["report"]:
            with open(self.parameters["report"], "w") as file:
                json.dump(self.calls, file)
