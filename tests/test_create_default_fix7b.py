"""tester7c-14: create-default --set agent.class=X (loop.class) is -a X (-l): the class's defaults are written
(fix7d's implementation, on main; with -a too: tests/test_create_default_fix7d.py)."""

import yaml

from conftest import run_cli


def test_set_agent_class_writes_its_defaults(tmp_path):
    result = run_cli("create-default", "--set", "agent.class=gym_loop.agents.q_learning:QLearningAgent",
                     "--set", "env.name=FrozenLake-v1", "--set", "loop.class=gym_loop.loops.vector_loop:VectorLoop",
                     cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    spec = yaml.safe_load(result.stdout)
    assert "learning_rate" in spec["agent"]["parameters"] and "num_envs" in spec["loop"]["parameters"]


def test_set_agent_class_is_checked_as_a_is(tmp_path):
    result = run_cli("create-default", "--set", "agent.class=gym_loop.loops:DefaultLoop", cwd=tmp_path)
    assert (result.returncode, result.stderr) == (2, (
        "Error: agent.class: DefaultLoop has no act() method: it is not an agent class (give one of gym_loop.agents, "
        "or a class of your own defining act(self, state, episode_num); one assigned in __init__, self.act = ..., "
        "is not seen before the run starts: define act in the class, calling it)\n"))
