"""Slips of an agent, env or loop of a new user's are named on one line (tester4a #15, #16)."""

import json

import yaml

from conftest import make_spec, run_cli

TWO_D = """
import numpy as np
from gym_loop.agents import BaseAgent


class Agent(BaseAgent):
    def act(self, state, episode_num):
        return np.zeros((2, 2))

    def act_batch(self, states, episode_nums):
        return np.zeros((len(episode_nums), 1), dtype=np.int64)
"""


def train(tmp_path, source, agent="agent.py:Agent", *sets, **loop_parameters):
    """``gym-loop train`` of CartPole with ``source`` written to agent.py; the result and run.json."""
    (tmp_path / "agent.py").write_text(source)
    spec = make_spec(**{"max_episodes": 2, **loop_parameters})
    spec["agent"] = {"class": agent}
    (tmp_path / "run.yaml").write_text(yaml.safe_dump(spec))
    result = run_cli("train", "-c", "run.yaml", "--run-dir", "run", *sets, cwd=tmp_path)
    return result, json.loads((tmp_path / "run" / "run.json").read_text())


def test_a_2d_action_is_shown_whole_on_the_one_line(tmp_path):
    result, record = train(tmp_path, TWO_D)
    assert result.returncode == 1
    assert result.stderr.splitlines()[-1].startswith(
        "Error: agent.act returned array([[0., 0.], [0., 0.]]) (shape (2, 2)), not an action of Discrete(2), at "
        "episode 0, step 1; env.step: AssertionError: array([[0., 0.], [0., 0.]]) (<class 'numpy.ndarray'>) invalid")
    assert "\n" not in record["reason"]


def test_a_batch_of_2d_actions_is_shown_on_the_one_line_with_its_shape(tmp_path):
    result, record = train(tmp_path, TWO_D, "agent.py:Agent", "--set", "loop.parameters.num_envs=3",
                           "--set", "loop.class=gym_loop.loops.vector_loop:VectorLoop")
    assert result.returncode == 1
    assert result.stderr.splitlines()[-1].startswith("Error: agent.act_batch returned array([[0], ..., [0]]) "
                                                     "(shape (3, 1)), not an action of MultiDiscrete([2 2 2])")
    assert "\n" not in record["reason"]
