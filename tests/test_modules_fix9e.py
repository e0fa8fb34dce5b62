"""A module class string or env module beside the spec, run from another folder, says where to run from, as a
file path does (tester9e-8: "install the package that provides it")."""

import pytest

from conftest import make_spec, run_cli, write_spec

BASE = """
from gym_loop.agents import BaseAgent

class A(BaseAgent):
    def act(self, state, episode_num):
        return self.parameters["action_space"].sample()

    def memorize(self, last_ob, action, reward, done, ob):
        pass

    def update(self, episode_num):
        pass
"""
ENVS = ('import gymnasium\ngymnasium.register("My/Env-v0", entry_point="gymnasium.envs.classic_control:CartPoleEnv", '
        'max_episode_steps=10)\n')


@pytest.mark.parametrize("agent, env, message", [
    ("pkgfix9e.agents:A", "CartPole-v1", "agent.class: no module pkgfix9e from the working directory, nor beside "
                                         "the agent file, nor installed, but ../pkgfix9e is; run from .."),
    ("gym_loop.agents.random_agent:RandomAgent", "myenvsfix9e:My/Env-v0",
     "env.name: no module myenvsfix9e from the working directory, nor beside the agent file, nor installed, but "
     "../myenvsfix9e.py is; run from .."),
])
def test_a_module_beside_the_spec_says_where_to_run_from(tmp_path, agent, env, message):
    (tmp_path / "pkgfix9e").mkdir()
    (tmp_path / "pkgfix9e/__init__.py").write_text("")
    (tmp_path / "pkgfix9e/agents.py").write_text(BASE)
    (tmp_path / "myenvsfix9e.py").write_text(ENVS)
    (tmp_path / "sub").mkdir()
    spec = make_spec(max_episodes=1)
    spec["agent"] = {"class": agent}
    spec["env"]["name"] = env
    write_spec(tmp_path / "s.yaml", spec)
    assert run_cli("-q", "train", "-c", "s.yaml", cwd=tmp_path).returncode == 0
    result = run_cli("-q", "train", "-c", "../s.yaml", cwd=tmp_path / "sub")
    assert result.returncode == 2
    assert result.stderr == (f"Error: {message} (a module is found from the working directory, as python -m finds "
                             "it)\n")
