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
        "episode 0, step 1")
    assert "\n" not in record["reason"]


def test_a_batch_of_2d_actions_is_shown_on_the_one_line_with_its_shape(tmp_path):
    result, record = train(tmp_path, TWO_D, "agent.py:Agent", "--set", "loop.parameters.num_envs=3",
                           "--set", "loop.class=gym_loop.loops.vector_loop:VectorLoop")
    assert result.returncode == 1
    assert result.stderr.splitlines()[-1].startswith("Error: agent.act_batch returned array([[0], ..., [0]]) "
                                                     "(shape (3, 1)), not an action of MultiDiscrete([2 2 2])")
    assert "\n" not in record["reason"]


GENERATOR_EXIT = """
from gym_loop.agents import BaseAgent


class Agent(BaseAgent):
    def act(self, state, episode_num):
        return 0

    def update(self, episode_num):
        if episode_num == 1:
            raise GeneratorExit  # e.g. from closing a generator of its own
"""


def test_generator_exit_raised_by_the_agent_fails_the_run_in_one_line_naming_the_method(tmp_path):
    result, record = train(tmp_path, GENERATOR_EXIT)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert result.stderr.splitlines()[-1] == ("Error: agent.update failed at episode 1, step 1: GeneratorExit: "
                                              "(--debug shows the traceback)")
    assert (record["status"], record["reason"]) == ("failed", "agent.update failed at episode 1, step 1: GeneratorExit: ")


SLOPPY_ENV = """
import gymnasium
import numpy as np
from gymnasium import spaces


class Sloppy(gymnasium.Env):
    \"\"\"Returns terminated as a string, "False" until the fourth step.\"\"\"

    observation_space = spaces.Box(-1, 1, (2,), np.float32)
    action_space = spaces.Discrete(2)

    def reset(self, seed=None, options=None):
        super().reset(seed=seed)
        self.t = 0
        return np.zeros(2, np.float32), {}

    def step(self, action):
        self.t += 1
        return np.zeros(2, np.float32), 1.0, str(self.t >= 4), False, {}


gymnasium.register("Sloppy-v0", entry_point=Sloppy, disable_env_checker=True)
"""


def test_terminated_as_a_string_is_refused_in_one_line_blaming_env_step(tmp_path):
    (tmp_path / "sloppy.py").write_text(SLOPPY_ENV)
    spec = make_spec(max_episodes=2)
    spec["env"] = {"name": "Sloppy-v0", "imports": ["sloppy"]}
    (tmp_path / "run.yaml").write_text(yaml.safe_dump(spec))
    result = run_cli("train", "-c", "run.yaml", "--run-dir", "run", cwd=tmp_path)
    assert result.returncode == 1
    assert result.stderr.splitlines()[-1] == ("Error: env.step returned terminated 'False' (str) at episode 0, step 1; "
                                              "terminated and truncated must be True or False")
    assert json.loads((tmp_path / "run" / "run.json").read_text())["status"] == "failed"


GRAPH_ENV = """
import gymnasium
import numpy as np
from gymnasium import spaces


class GraphObs(gymnasium.Env):
    \"\"\"Observations of a dynamic shape, which an async vector env cannot put in shared memory.\"\"\"

    observation_space = spaces.Graph(spaces.Box(-1, 1, (2,), np.float32), spaces.Discrete(2))
    action_space = spaces.Discrete(2)

    def reset(self, seed=None, options=None):
        super().reset(seed=seed)
        return self.observation_space.sample(), {}

    def step(self, action):
        return self.observation_space.sample(), 1.0, True, False, {}


gymnasium.register("GraphObs-v0", entry_point=GraphObs)
"""


def test_an_async_vector_env_of_graph_observations_blames_the_key_the_user_set(tmp_path):
    (tmp_path / "graph_obs.py").write_text(GRAPH_ENV)
    spec = make_spec(max_episodes=2)
    spec["env"] = {"name": "GraphObs-v0", "imports": ["graph_obs"]}
    spec["loop"] = {"class": "gym_loop.loops.vector_loop:VectorLoop",
                    "parameters": {"max_episodes": 2, "num_envs": 2, "vectorization_mode": "async"}}
    (tmp_path / "run.yaml").write_text(yaml.safe_dump(spec))
    result = run_cli("train", "-c", "run.yaml", "--run-dir", "run", cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr.splitlines()[-1] == (
        "Error: loop.parameters.vectorization_mode: the async vector env cannot share memory for these observations; "
        "set loop.parameters.vector_kwargs.shared_memory=false")
    fixed = run_cli("train", "-c", "run.yaml", "--run-dir", "run", "--set",
                    "loop.parameters.vector_kwargs.shared_memory=false", cwd=tmp_path)
    assert fixed.returncode == 0, fixed.stderr


MISCOUNTING_LOOPS = """
from gym_loop.loops import BaseLoop
from gym_loop.loops.base_loop import Episode


class Miscounting(BaseLoop):
    def __init__(self, agent, env, **params):
        super().__init__(**params)
        self.agent, self.env = agent, env

    def evaluation_episodes(self, periodic):
        while True:
            yield Episode(1.0, 1, 0)


class BackStep(Miscounting):
    def training_episodes(self):
        for step in range(100, 0, -1):
            yield [Episode(1.0, 1, step)]


class GroupBackStep(Miscounting):  # a group of episodes that ended together, its middle one going back
    def training_episodes(self):
        yield [Episode(1.0, 1, 10), Episode(1.0, 1, 5), Episode(1.0, 1, 12)]
        for step in range(13, 100):
            yield [Episode(1.0, 1, step)]


class NegativeLength(Miscounting):
    def training_episodes(self):
        for step in range(1, 100):
            yield [Episode(1.0, -5, step)]
"""


def test_a_loop_whose_global_step_goes_back_or_length_is_negative_fails_in_one_line(tmp_path):
    (tmp_path / "loops.py").write_text(MISCOUNTING_LOOPS)
    spec = make_spec()
    spec["loop"] = {"class": "loops.py:BackStep", "parameters": {"max_episodes": 3}}
    (tmp_path / "run.yaml").write_text(yaml.safe_dump(spec))
    back = run_cli("train", "-c", "run.yaml", "--run-dir", "back", cwd=tmp_path)
    assert back.returncode == 1
    assert back.stderr.splitlines()[-1] == (
        "Error: BackStep.training_episodes() yielded episode 1 of length 1 ending at global_step 99, the run at 100; "
        "a length must be 0 or more and global_step (env steps done) must not go back")
    assert [row.split(",")[:2] for row in (tmp_path / "back" / "episodes.csv").read_text().splitlines()[1:]] == [
        ["0", "100"]]  # only the episode counted
    negative = run_cli("train", "-c", "run.yaml", "--run-dir", "negative", "--set",
                       "loop.class=loops.py:NegativeLength", cwd=tmp_path)
    assert negative.returncode == 1
    assert negative.stderr.splitlines()[-1].startswith(
        "Error: NegativeLength.training_episodes() yielded episode 0 of length -5 ending at global_step 1")
    assert (tmp_path / "negative" / "episodes.csv").read_text().splitlines() == [
        "episode,global_step,return,length,seconds"]


def test_a_group_whose_middle_episode_goes_back_fails_in_one_line(tmp_path):
    (tmp_path / "loops.py").write_text(MISCOUNTING_LOOPS)
    spec = make_spec()
    spec["loop"] = {"class": "loops.py:GroupBackStep", "parameters": {"max_episodes": 20}}  # no rule decides in it
    (tmp_path / "run.yaml").write_text(yaml.safe_dump(spec))
    back = run_cli("train", "-c", "run.yaml", "--run-dir", "back", cwd=tmp_path)
    assert back.returncode == 1
    assert back.stderr.splitlines()[-1] == (
        "Error: GroupBackStep.training_episodes() yielded episode 1 of length 1 ending at global_step 5, the run at "
        "10; a length must be 0 or more and global_step (env steps done) must not go back")
    assert [row.split(",")[:2] for row in (tmp_path / "back" / "episodes.csv").read_text().splitlines()[1:]] == [
        ["0", "10"]]
