"""tester10g-9: an agent's spaces_problem written as an ordinary method (for self.spaces_problem(...) in its
constructor) is not called on the class by create-default, sweep and tune; a static one that raises is one line."""

import yaml

from conftest import make_spec, run_cli, write_spec

INSTANCE_METHOD = """
from gym_loop.agents import BaseAgent
class IP(BaseAgent):
    def spaces_problem(self, observation_space, action_space):
        return None if hasattr(action_space, "n") else "needs Discrete actions"
    def __init__(self, **p):
        super().__init__(**p)
        if (why := self.spaces_problem(self.observation_space, self.action_space)):
            raise ValueError(why)
    def act(self, s, e): return int(self.rng.integers(2))
    def memorize(self, *a): pass
    def update(self, e): pass

class Raising(IP):
    @staticmethod
    def spaces_problem(observation_space, action_space):
        return observation_space.n
"""


def test_an_instance_spaces_problem_is_left_to_the_constructor(tmp_path):
    (tmp_path / "sp.py").write_text(INSTANCE_METHOD)
    spec = make_spec(agent="gym_loop.agents.random_agent:RandomAgent", max_episodes=2)
    spec["agent"]["class"] = "sp.py:IP"
    write_spec(tmp_path / "ip.yaml", spec)
    swept = run_cli("sweep", "-c", "ip.yaml", "--seeds", "0", "--dry-run", cwd=tmp_path)
    assert swept.returncode == 0, swept.stderr
    made = run_cli("create-default", "-a", "sp.py:IP", "-c", "x.yaml", "--set", "env.name=CartPole-v1", cwd=tmp_path)
    assert made.returncode == 0, made.stderr
    assert yaml.safe_load((tmp_path / "x.yaml").read_text())["agent"]["class"] == "sp.py:IP"
    (tmp_path / "space.yaml").write_text("loop.parameters.max_episode_len: {int: [5, 10]}\n")
    tuned = run_cli("tune", "-c", "ip.yaml", "--space", "space.yaml", "--trials", "1", "--seeds", "0",
                    "--set", "loop.parameters.episodes_per_eval=1", "--tunes-dir", "tt", cwd=tmp_path)
    assert tuned.returncode == 0, tuned.stderr


def test_a_static_spaces_problem_that_raises_is_one_line(tmp_path):
    (tmp_path / "sp.py").write_text(INSTANCE_METHOD)
    made = run_cli("create-default", "-a", "sp.py:Raising", "-c", "x.yaml", "--set", "env.name=CartPole-v1",
                   cwd=tmp_path)
    assert made.returncode == 2
    assert made.stderr.strip() == (
        "Error: agent.class: Raising.spaces_problem() failed: AttributeError: 'Box' object has no attribute 'n'; "
        "it must return None or why the agent cannot take these spaces")
    assert not (tmp_path / "x.yaml").exists()
