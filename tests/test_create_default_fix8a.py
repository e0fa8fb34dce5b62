"""fix8a: create-default refuses a built-in agent with an env it cannot take, with train's line, writing nothing
(tester8a-12)."""

import pytest

from conftest import run_cli, write_spec, make_spec


@pytest.mark.parametrize("agent, env", [("gym_loop.agents.q_learning:QLearningAgent", "MountainCar-v0"),
                                        ("gym_loop.agents.cross_entropy:CrossEntropyAgent", "FrozenLake-v1")])
def test_create_default_refuses_an_env_the_agent_cannot_take_as_train_does(tmp_path, agent, env):
    refused = run_cli("create-default", "-a", agent, "-c", "a.yaml", "-s", f"env.name={env}", cwd=tmp_path)
    assert refused.returncode == 2 and not (tmp_path / "a.yaml").exists()
    spec = make_spec(env, agent=agent)
    write_spec(tmp_path / "b.yaml", spec)
    trained = run_cli("train", "-c", "b.yaml", cwd=tmp_path)
    assert trained.returncode == 2
    assert refused.stderr.strip().splitlines()[-1] == trained.stderr.strip().splitlines()[-1]
    assert run_cli("create-default", "-a", agent, "-c", "c.yaml", "-s",
                   f"env.name={'FrozenLake-v1' if env == 'MountainCar-v0' else 'CartPole-v1'}",
                   cwd=tmp_path).returncode == 0
