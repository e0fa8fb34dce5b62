"""Scenarios of the docs/errors.rst rows added for fix5c's defects (tester5a, tester5c); tests/test_errors_table.py
runs them with the rest."""

from pathlib import Path

from conftest import make_spec, write_spec


def agent_without_act(tmp_path: Path) -> list:
    """A spec whose agent is a BaseAgent subclass that forgot act (the seeds' README BaseAgent raises in it)."""
    (tmp_path / "noact.py").write_text("from gym_loop.agents import BaseAgent\n\n\nclass NoAct(BaseAgent):\n"
                                       "    pass\n")
    spec = make_spec(max_episodes=1)
    spec["agent"] = {"class": "noact.py:NoAct"}
    return ["train", "-c", write_spec(tmp_path / "run.yaml", spec)]


def legacy_loop_run(tmp_path: Path) -> list:
    """``eval --run`` of a run trained by a loop with its own train(), which saves no checkpoints."""
    from test_errors_table import LEGACY_LOOP, set_in, trained

    (tmp_path / "legacy_loop.py").write_text(LEGACY_LOOP)
    return trained(tmp_path, ["eval", "--run"], set_in("loop", value={"class": "legacy_loop.py:Loop"}))


ARRAY_ACTION_AGENT = """
import numpy as np
from gym_loop.agents import BaseAgent


class Agent(BaseAgent):
    def act(self, state, episode_num):
        return np.array([1])  # q.argmax(keepdims=True): one number in an array, for a Discrete space
"""


def array_action(tmp_path: Path) -> list:
    """An agent whose act returns np.array([1]) for CartPole's Discrete(2)."""
    (tmp_path / "array_agent.py").write_text(ARRAY_ACTION_AGENT)
    spec = make_spec(max_episodes=1)
    spec["agent"] = {"class": "array_agent.py:Agent"}
    return ["train", "-c", write_spec(tmp_path / "run.yaml", spec)]


BIG_ENV = """
import gymnasium
import numpy as np


class Big(gymnasium.Env):
    \"\"\"Rewards of 1e308, each finite: their sum overflows to inf at the second step.\"\"\"

    observation_space = gymnasium.spaces.Box(-1, 1, (1,), np.float32)
    action_space = gymnasium.spaces.Discrete(2)

    def reset(self, seed=None, options=None):
        super().reset(seed=seed)
        self.t = 0
        return np.zeros(1, np.float32), {}

    def step(self, action):
        self.t += 1
        return np.zeros(1, np.float32), 1e308, self.t >= 3, False, {}


gymnasium.register("Big-v0", entry_point=Big)
"""


def overflowing_return(tmp_path: Path) -> list:
    """An env whose finite rewards add up to inf."""
    (tmp_path / "bigenv.py").write_text(BIG_ENV)
    spec = make_spec("Big-v0", max_episodes=2)
    spec["env"]["imports"] = ["bigenv"]
    return ["train", "-c", write_spec(tmp_path / "run.yaml", spec)]


SCENARIOS = {
    "rewards whose sum overflows (each finite)": overflowing_return,
    "an action of one number in an array or tensor (Discrete)": array_action,
    "an agent on BaseAgent without act": agent_without_act,
    "eval --run of a loop with its own train()": legacy_loop_run,
    "eval -c SPEC --checkpoint latest, no run": lambda p: [
        "eval", "-c", write_spec(p / "run.yaml", make_spec(max_episodes=1)), "--checkpoint", "latest"],
}
TESTED_ELSEWHERE = set()
