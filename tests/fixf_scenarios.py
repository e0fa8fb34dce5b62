"""Scenarios of the docs/errors.rst rows fixer "fixf" added (tester4a); tests/test_errors_table.py runs them."""

from pathlib import Path

import yaml

from conftest import make_spec

METRIC_AGENT = """
from gym_loop.agents import BaseAgent


class Agent(BaseAgent):
    ANY_PARAMETERS = True

    def act(self, state, episode_num):
        return 0

    def metrics(self, episode_num):
        return {self.parameters["name"]: 1.0}
"""


def metric_named(tmp_path: Path, name: str) -> list:
    """Train an agent whose one metric is called ``name``."""
    (tmp_path / "metric_agent.py").write_text(METRIC_AGENT)
    spec = make_spec(max_episodes=2, episodes_per_checkpoint=None, max_episode_len=5)
    spec["agent"] = {"class": "metric_agent.py:Agent", "parameters": {"name": name}}
    (tmp_path / "run.yaml").write_text(yaml.safe_dump(spec))
    return ["train", "-c", "run.yaml"]


TWO_D_AGENT = """
import numpy as np
from gym_loop.agents import BaseAgent


class Agent(BaseAgent):
    def act(self, state, episode_num):
        return np.zeros((2, 2))
"""


def two_d_action(tmp_path: Path) -> list:
    """Train an agent whose action is a 2-D array."""
    (tmp_path / "two_d_agent.py").write_text(TWO_D_AGENT)
    spec = make_spec(max_episodes=1)
    spec["agent"] = {"class": "two_d_agent.py:Agent"}
    (tmp_path / "run.yaml").write_text(yaml.safe_dump(spec))
    return ["train", "-c", "run.yaml"]


def sloppy_env(tmp_path: Path) -> list:
    """Train on an env whose ``terminated`` is a string (the env of tests/test_slips_one_line.py)."""
    from test_slips_one_line import SLOPPY_ENV

    (tmp_path / "sloppy.py").write_text(SLOPPY_ENV)
    spec = make_spec(max_episodes=1)
    spec["env"] = {"name": "Sloppy-v0", "imports": ["sloppy"]}
    (tmp_path / "run.yaml").write_text(yaml.safe_dump(spec))
    return ["train", "-c", "run.yaml"]


def back_step(tmp_path: Path) -> list:
    """Train a loop whose global_step goes back (the loop of tests/test_slips_one_line.py)."""
    from test_slips_one_line import MISCOUNTING_LOOPS

    (tmp_path / "loops.py").write_text(MISCOUNTING_LOOPS)
    spec = make_spec()
    spec["loop"] = {"class": "loops.py:BackStep", "parameters": {"max_episodes": 3}}
    (tmp_path / "run.yaml").write_text(yaml.safe_dump(spec))
    return ["train", "-c", "run.yaml"]


SCENARIOS = {
    "a loop's episode of a negative length, or whose global_step goes back": back_step,
    "a ``terminated`` or ``truncated`` that is not a bool (the string ``\"False\"``, ``None``), checked as an episode "
    "ends": sloppy_env,
    "the env refuses an action that is a 2-D array (its rows on one line, and its shape)": two_d_action,
    "a metric named like a tag the run logs itself (``episode/return``, ``eval/mean_return``, ``final/...``)":
        lambda p: metric_named(p, "episode/return"),
    "a metric with the empty name": lambda p: metric_named(p, ""),
}
