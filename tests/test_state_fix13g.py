"""tester13g-1 and -6: the attributes a subclass adds beside its base's own save (agent-added.ckpt)."""

import functools
import json
import logging
import threading

import gymnasium as gym

from gym_loop.agents import BaseAgent
from gym_loop.agents.protocol import bind_agent
from gym_loop.state import added_attributes, read_state


class OwnBase(BaseAgent):
    @staticmethod
    def get_default_parameters():
        return {}

    def __init__(self, **params):
        super().__init__(**params)
        self.steps = 0

    def act(self, state, episode_num):
        return 0

    def save(self, path):
        with open(path, "w") as file:
            json.dump({"steps": self.steps}, file)

    def load(self, path):
        with open(path) as file:
            self.steps = json.load(file)["steps"]


class Counting(OwnBase):
    def __init__(self, **params):
        super().__init__(**params)
        self.count = 0
        self.log = logging.getLogger("counting")
        self.lock = threading.Lock()


def _logged(function):
    @functools.wraps(function)
    def wrapper(*args, **kwargs):
        return function(*args, **kwargs)
    return wrapper


class Decorated(OwnBase):
    @_logged
    def update(self, episode_num):
        self.updates = episode_num


def _agent(cls):
    env = gym.make("CartPole-v1")
    return cls(observation_space=env.observation_space, action_space=env.action_space)


def test_added_attributes_that_are_not_plain_data_are_left_out_with_one_warning(tmp_path, caplog):
    agent = _agent(Counting)
    agent.count, agent.steps = 5, 3
    calls = bind_agent(agent)
    with caplog.at_level(logging.WARNING, logger="gym_loop.state"):
        calls.save(str(tmp_path / "a.ckpt"))
        calls.save(str(tmp_path / "b.ckpt"))
    warnings = [record.getMessage() for record in caplog.records if record.levelno == logging.WARNING]
    assert warnings == ["Counting: not plain data, so left out of its checkpoints: lock, log (OwnBase's save(path) "
                        "does not store them); store them in save and load, or name them in "
                        "_excluded_save_params() to silence this"]
    assert read_state(str(tmp_path / "b-added.ckpt")) == {"count": 5}
    loaded = _agent(Counting)
    bind_agent(loaded).load(str(tmp_path / "b.ckpt"))
    assert (loaded.count, loaded.steps) == (5, 3) and isinstance(loaded.lock, type(threading.Lock()))


def test_attributes_assigned_in_a_decorated_method_are_added():
    assert added_attributes(Decorated) == {"updates"}
