"""tester6a's VectorLoop defects: random_episodes with a Tuple action space."""

from conftest import run_cli, write_spec
from gym_loop.spec import default_spec

TUPLE_ENV = """
import gymnasium
import numpy as np
from gymnasium import spaces


class TupleActions(gymnasium.Env):
    \"\"\"Four steps; the reward is the action's Discrete part (from -1 to 1).\"\"\"

    observation_space = spaces.Box(-1, 1, (2,), np.float32)
    action_space = spaces.Tuple((spaces.Discrete(3, start=-1), spaces.Box(-1, 1, (2,), np.float32)))

    def reset(self, seed=None, options=None):
        super().reset(seed=seed)
        self.t = 0
        return np.zeros(2, np.float32), {}

    def step(self, action):
        assert self.action_space.contains(action), action
        self.t += 1
        return np.zeros(2, np.float32), float(action[0]), self.t >= 4, False, {}


gymnasium.register("Fix6b/TupleActions-v0", entry_point=TupleActions)
"""

AGENT = """
import numpy as np
from gym_loop.agents import BaseAgent


class One(BaseAgent):
    def act(self, state, episode_num):
        return (1, np.zeros(2, np.float32))
"""


def test_random_episodes_mix_sub_envs_of_a_tuple_action_space(tmp_path):
    (tmp_path / "tupleenvs.py").write_text(TUPLE_ENV)
    (tmp_path / "one.py").write_text(AGENT)
    spec = default_spec("gym_loop.agents.random_agent:RandomAgent", "gym_loop.loops.vector_loop:VectorLoop")
    spec["agent"] = {"class": "one.py:One"}
    spec["env"] = {"name": "Fix6b/TupleActions-v0", "imports": ["tupleenvs"]}
    spec["loop"]["parameters"].update(num_envs=2, random_episodes=3, max_episodes=8, vectorization_mode="sync")
    write_spec(tmp_path / "run.yaml", spec)
    result = run_cli("train", "-c", "run.yaml", "--run-dir", "run", "--seed", "3", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    rows = [line.split(",") for line in (tmp_path / "run" / "episodes.csv").read_text().splitlines()[1:]]
    returns = {int(row[0]): float(row[2]) for row in rows}
    assert sorted(returns) == list(range(8))
    assert [returns[episode] for episode in range(3, 8)] == [4.0] * 5  # the agent's, sub-env by sub-env
    assert [returns[episode] for episode in range(3)] != [4.0] * 3  # random ones


def test_a_summary_shows_what_the_cli_says_in_a_notebook_or_print(tmp_path, monkeypatch):
    import gymnasium

    from gym_loop.agents.random_agent import RandomAgent
    from gym_loop.loops.default_loop import DefaultLoop

    monkeypatch.chdir(tmp_path)
    env = gymnasium.make("CartPole-v1")
    agent = RandomAgent(observation_space=env.observation_space, action_space=env.action_space)
    summary = DefaultLoop(agent, env, seed=3, max_episodes=2).train()
    assert repr(summary).startswith(f"<Summary: {summary.describe()}") and "object at" not in repr(summary)
    assert str(summary) == repr(summary) and "2 episodes, " in repr(summary)


def test_train_agent_s_summary_shows_how_the_run_ended_and_where_it_is(tmp_path, monkeypatch):
    from conftest import make_spec
    from gym_loop.gym_loop import train_agent

    monkeypatch.chdir(tmp_path)
    summary = train_agent(make_spec(max_episodes=1), run_dir=tmp_path / "run")
    assert repr(summary).endswith(f"; status='finished'; reason='ran every planned episode'; "
                                  f"run_dir='{tmp_path / 'run'}'>")
