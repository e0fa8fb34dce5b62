"""A built-in agent refused for the env's spaces names the other one with a command that writes a spec for it
(tester7a-9): the other agent's parameters are not this one's."""

import re

import pytest
from conftest import run_cli


@pytest.mark.parametrize("agent, env, other", [
    ("gym_loop.agents.q_learning:QLearningAgent", "Pendulum-v1", "gym_loop.agents.cross_entropy:CrossEntropyAgent"),
    ("gym_loop.agents.cross_entropy:CrossEntropyAgent", "FrozenLake-v1", "gym_loop.agents.q_learning:QLearningAgent"),
])
def test_the_other_built_in_agents_advice_runs_as_written(tmp_path, agent, env, other):
    refused = run_cli("create-default", "-a", agent, "-c", "a.yaml", "--set", f"env.name={env}",
                      cwd=tmp_path)  # fix8a: refused there as train refuses it
    assert refused.returncode == 2
    command = re.search(r"write a spec for it with (gym-loop create-default .*? -c SPEC)", refused.stderr).group(1)
    assert f"-a {other} " in command
    made = run_cli(*command.replace("ENV", env).replace("SPEC", "b.yaml").split()[1:], cwd=tmp_path)
    assert made.returncode == 0, made.stderr
    trained = run_cli("-q", "train", "-c", "b.yaml", "--set", "loop.parameters.max_episodes=2", cwd=tmp_path)
    assert trained.returncode == 0, trained.stderr
