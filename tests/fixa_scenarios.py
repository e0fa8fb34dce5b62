"""Scenarios of the docs/errors.rst rows for a loop of the documented protocol that fails (tester3a #2);
tests/test_errors_table.py runs them with the rest, tests/test_loop_protocol_failures.py tests more of each."""

import os
from pathlib import Path

import yaml

from conftest import make_spec, run_cli

ARRAY_REWARD = """
import gymnasium
import numpy as np
from gymnasium.envs.classic_control.cartpole import CartPoleEnv


class ArrayReward(CartPoleEnv):
    \"\"\"CartPole whose reward is an array of one number, a common slip in a custom env.\"\"\"

    def step(self, action):
        observation, reward, terminated, truncated, info = super().step(action)
        return observation, np.array([reward]), terminated, truncated, info


gymnasium.register("ArrayReward-v0", entry_point=ArrayReward, disable_env_checker=True)
"""

LOOP = """
import itertools

import numpy as np

from gym_loop.loops import BaseLoop
from gym_loop.loops.base_loop import Episode


class Loop(BaseLoop):
    \"\"\"A loop written from docs/loops.rst; ``fail`` picks what goes wrong (``""``: nothing).\"\"\"

    @staticmethod
    def get_default_parameters():
        return {**BaseLoop.get_default_parameters(), "fail": ""}

    def __init__(self, agent, env, **params):
        super().__init__(**params)
        self.agent, self.env = agent, env
        self.episodes, self.steps = 0, 0

    def _play(self, learn):
        obs, _ = self.env.reset()
        total, length = 0.0, 0
        while True:
            action = self.agent.act(obs, self.episodes)
            next_obs, reward, terminated, truncated, _ = self.env.step(action)
            length, total = length + 1, total + float(reward)
            if learn:
                self.steps += 1
                self.agent.memorize(obs, action, reward, terminated or truncated, next_obs)  # the README's call
                self.agent.update(self.episodes)
            obs = next_obs
            if terminated or truncated:
                return total, length

    def training_episodes(self):
        for number in itertools.count():
            if self.fail == "train" and number == 1:
                raise ValueError("loop bug")
            if self.fail == "finite" and number == 2:
                return
            total, length = self._play(learn=True)
            self.episodes += 1
            if self.fail == "tuples":
                yield [(1.0, 1)]
            elif self.fail == "bare":
                yield Episode(1.0, 1, self.steps)
            else:
                yield [Episode(total, length, self.steps)]

    def evaluation_episodes(self, periodic):
        if self.fail == "evaluate":
            raise ValueError("loop bug")
        while True:
            total, length = self._play(learn=False)
            yield (1.0, 1) if self.fail == "evaluation tuples" else Episode(total, length, self.steps)

    def state(self):
        state = {"episodes": self.episodes, "steps": self.steps}
        if self.fail == "numpy":  # converted by the run, restored as NumPy
            state.update(episodes=np.int64(self.episodes), weights=np.arange(3.0), counts={np.int64(1): [np.float32(2)]})
        if self.fail == "object":
            state["obj"] = object()
        return state

    def restore(self, state):
        if self.fail == "restore":
            raise KeyError("episodes")
        self.episodes, self.steps = state["episodes"], state["steps"]
        if self.fail == "numpy":
            assert isinstance(state["weights"], np.ndarray) and state["weights"].tolist() == [0.0, 1.0, 2.0]
"""


def protocol_loop(tmp_path: Path, fail: str, **loop_parameters) -> list:
    """``gym-loop train`` of the LOOP above with ``fail``, written to ``tmp_path``."""
    (tmp_path / "protocol_loop.py").write_text(LOOP)
    spec = make_spec(**{"max_episodes": 3, "episodes_per_checkpoint": 1, **loop_parameters})
    spec["loop"] = {"class": "protocol_loop.py:Loop", "parameters": {**spec["loop"]["parameters"], "fail": fail}}
    spec["loop"]["parameters"] = {key: value for key, value in spec["loop"]["parameters"].items()
                                  if key in ("max_episodes", "episodes_per_checkpoint", "episodes_per_eval",
                                             "eval_episodes", "fail", "max_steps")}
    (tmp_path / "run.yaml").write_text(yaml.safe_dump(spec))
    return ["train", "-c", "run.yaml"]


EVALUATION_SIGNALLING = """
import os
import signal

from gym_loop.agents import BaseAgent


class Agent(BaseAgent):
    \"\"\"Sends itself Ctrl-C's signal in every evaluation episode's first act().\"\"\"

    def act(self, state, episode_num, evaluation=False):
        if evaluation and not getattr(self, "sent", False):
            self.sent = True
            os.kill(os.getpid(), signal.SIGINT)
        return 0
"""


def ctrl_c_in_evaluation(tmp_path: Path) -> list:
    """``gym-loop train`` whose agent sends itself SIGINT in the first periodic evaluation (after episode 1)."""
    (tmp_path / "evaluation_signalling.py").write_text(EVALUATION_SIGNALLING)
    spec = make_spec(max_episodes=3, episodes_per_eval=1, eval_episodes=3)
    spec["agent"] = {"class": "evaluation_signalling.py:Agent"}
    (tmp_path / "run.yaml").write_text(yaml.safe_dump(spec))
    return ["train", "-c", "run.yaml"]


BAD_ACTIONS = """
import numpy as np

from gym_loop.agents import BaseAgent


class Agent(BaseAgent):
    \"\"\"Acts with an array of one action (not a Discrete action); under VectorLoop, one action too few.\"\"\"

    def act(self, state, episode_num):
        return np.array([1])

    def act_batch(self, states, episode_nums):
        return np.zeros(len(episode_nums) - 1, dtype=np.int64)
"""


def bad_actions(tmp_path: Path, loop: str) -> list:
    """``gym-loop train`` of CartPole (``Discrete(2)``) with the agent of BAD_ACTIONS, under ``loop``."""
    (tmp_path / "bad_actions.py").write_text(BAD_ACTIONS)
    spec = make_spec(max_episodes=1)
    spec["agent"] = {"class": "bad_actions.py:Agent"}
    spec["loop"]["class"] = loop
    if loop.endswith("VectorLoop"):
        spec["loop"]["parameters"]["num_envs"] = 4
    (tmp_path / "run.yaml").write_text(yaml.safe_dump(spec))
    return ["train", "-c", "run.yaml"]


def array_reward(tmp_path: Path, **loop_parameters):
    """``gym-loop train`` on an env whose reward is ``np.array([1.0])``, and the PYTHONPATH to import it."""
    (tmp_path / "array_reward.py").write_text(ARRAY_REWARD)
    spec = make_spec(**{"max_episodes": 1, **loop_parameters})
    spec["env"] = {"name": "ArrayReward-v0", "imports": ["array_reward"]}
    (tmp_path / "run.yaml").write_text(yaml.safe_dump(spec))
    path = os.pathsep.join(filter(None, (str(tmp_path), os.environ.get("PYTHONPATH"))))
    return ["train", "-c", "run.yaml"], {"PYTHONPATH": path}


# Rows whose command also warns (a signal during training): tests/test_loop_protocol_failures.py.
TESTED_ELSEWHERE = {"Ctrl-C during a periodic evaluation",
                    "a checkpoint of the agent's own save, without its own load"}  # test_save_load_pair.py

def failing_restore(tmp_path: Path) -> list:
    """A one-episode run of the protocol loop, then its resume with a restore() that raises."""
    assert run_cli(*protocol_loop(tmp_path, "", max_episodes=1), "--run-dir", "run", cwd=tmp_path).returncode == 0
    return ["train", "--resume", "run", "--set", "loop.parameters.fail=restore", "--set",
            "loop.parameters.max_episodes=2"]


SCENARIOS = {
    "a loop's restore() raises": failing_restore,
    "a batch of actions that is not one per sub-env": lambda p: bad_actions(p, "gym_loop.loops.vector_loop:VectorLoop"),
    "a reward that is not a number": array_reward,
    "a loop's training_episodes() raises": lambda p: protocol_loop(p, "train"),
    "a loop's evaluation_episodes() raises in a periodic evaluation": lambda p: protocol_loop(
        p, "evaluate", episodes_per_eval=1, eval_episodes=1),
    "a loop's training_episodes() yields something other than lists of Episode": lambda p: protocol_loop(p, "tuples"),
    "a loop's evaluation_episodes() yields something other than Episode": lambda p: protocol_loop(
        p, "evaluation tuples", episodes_per_eval=1, eval_episodes=1),
    "a loop's state() holds what JSON cannot": lambda p: protocol_loop(p, "object"),
}
