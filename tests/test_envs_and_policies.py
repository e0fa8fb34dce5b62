"""env.imports, env.parameters and the policy section."""

import textwrap

import pytest

from conftest import make_spec, only_run, read_scalars, run_cli, write_spec
from gym_loop.errors import SpecError
from gym_loop.gym_loop import build_env, build_policy

REGISTERING_PACKAGE = textwrap.dedent("""
    import gymnasium
    from gymnasium import spaces

    class CoinEnv(gymnasium.Env):
        def __init__(self, length=3):
            self.length = length
            self.observation_space = spaces.Discrete(2)
            self.action_space = spaces.Discrete(2)

        def reset(self, seed=None, options=None):
            super().reset(seed=seed)
            self.t = 0
            return 0, {}

        def step(self, action):
            self.t += 1
            return 0, float(action), self.t >= self.length, False, {}

    gymnasium.register("CoinFlip-v0", entry_point=CoinEnv)
""")


def test_env_imports_register_an_env_and_parameters_reach_make(tmp_path):
    (tmp_path / "coin_envs.py").write_text(REGISTERING_PACKAGE)
    spec = make_spec("CoinFlip-v0")
    spec["env"].update(imports=["coin_envs"], parameters={"length": 4})
    write_spec(tmp_path / "run.yaml", spec)
    result = run_cli("train", "-c", "run.yaml", cwd=tmp_path, env={"PYTHONPATH": str(tmp_path)})
    assert result.returncode == 0, result.stderr
    assert [value for _, value in read_scalars(only_run(tmp_path) / "logs")["episode/length"]] == [4, 4, 4]


REGISTERING_AGENT = textwrap.dedent("""
    import coin_envs  # registers CoinFlip-v0 when the agent file is imported
    from gym_loop.agents.random_agent import RandomAgent

    class CoinAgent(RandomAgent):
        pass
""")


def test_env_imports_find_a_module_in_the_working_directory_as_python_m_does(tmp_path):
    (tmp_path / "coin_envs.py").write_text(REGISTERING_PACKAGE)
    spec = make_spec("CoinFlip-v0")
    spec["env"]["imports"] = ["coin_envs"]
    write_spec(tmp_path / "run.yaml", spec)
    result = run_cli("train", "-c", "run.yaml", cwd=tmp_path)  # no PYTHONPATH to the working directory
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize("imports", [["coin_envs"], []])
def test_an_env_registered_beside_or_by_the_agent_file_is_found(tmp_path, imports):
    """env.imports finds a module beside a file agent; an agent file that registers the env needs no imports."""
    (tmp_path / "mine").mkdir()
    (tmp_path / "mine" / "coin_envs.py").write_text(REGISTERING_PACKAGE)
    agent = REGISTERING_AGENT if not imports else REGISTERING_AGENT.replace("import coin_envs", "")
    (tmp_path / "mine" / "coin_agent.py").write_text(agent)
    spec = make_spec("CoinFlip-v0")
    spec["agent"] = {"class": "mine/coin_agent.py:CoinAgent"}
    spec["env"]["imports"] = imports
    write_spec(tmp_path / "run.yaml", spec)
    result = run_cli("train", "-c", "run.yaml", cwd=tmp_path)
    assert result.returncode == 0, result.stderr


def test_an_env_of_an_unknown_namespace_says_where_a_registering_module_goes(tmp_path):
    write_spec(tmp_path / "run.yaml", make_spec("Mine/CoinFlip-v0"))
    result = run_cli("train", "-c", "run.yaml", cwd=tmp_path)
    assert result.returncode == 2
    assert "(if a module of yours registers it, list that module in env.imports)" in result.stderr


def test_minigrid_through_env_imports(tmp_path):
    pytest.importorskip("minigrid")
    spec = make_spec("MiniGrid-Empty-5x5-v0", max_episodes=1, max_episode_len=5)
    spec["env"]["imports"] = ["minigrid"]
    write_spec(tmp_path / "run.yaml", spec)
    result = run_cli("train", "-c", "run.yaml", cwd=tmp_path)
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize("env_section, message", [
    ({"name": "CartPol-v1"}, "env.name: Environment `CartPol` doesn't exist. Did you mean: `CartPole`?"),
    ({"name": "CartPole-v1", "imports": ["no_such_env_pkg"]},
     "env.imports: cannot import 'no_such_env_pkg' (No module named 'no_such_env_pkg'); install the package that "
     "provides it, or put no_such_env_pkg.py in the working directory or beside the agent file"),
    ({"name": "CartPole-v1", "parameters": {"gravity_typo": 1}},
     "env.parameters.gravity_typo: CartPole-v1 takes no such argument; remove it or fix its name"),
])
def test_env_errors(tmp_path, env_section, message):
    spec = make_spec()
    spec["env"].update(env_section)
    write_spec(tmp_path / "run.yaml", spec)
    result = run_cli("train", "-c", "run.yaml", cwd=tmp_path)
    assert result.returncode == 2
    assert message in result.stderr


POLICY_FILE = textwrap.dedent("""
    from gym_loop.agents import BaseAgent
    from gym_loop.policies import BasePolicy

    class ConstantPolicy(BasePolicy):
        @staticmethod
        def get_default_parameters():
            return {"action": 0}

        def act(self, state):
            return self.parameters["action"]

    class PolicyAgent(BaseAgent):
        @staticmethod
        def get_default_policy():
            return {"class": "policies_file.py:ConstantPolicy", "parameters": {"action": 1}}

        def act(self, state, episode_num):
            assert self.parameters["policy"] is not None
            return self.parameters["policy"](state)

        def metrics(self, episode_num):
            return {"policy_action": self.parameters["policy"].parameters["action"]}
""")


def test_the_agents_default_policy_is_built_and_handed_over(tmp_path):
    (tmp_path / "policies_file.py").write_text(POLICY_FILE)
    result = run_cli("create-default", "-a", "policies_file.py:PolicyAgent", "-c", "run.yaml", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "policy:\n  class: policies_file.py:ConstantPolicy\n  parameters:\n    action: 1\n" in (
        tmp_path / "run.yaml").read_text()
    spec_file = tmp_path / "run.yaml"
    spec_file.write_text(spec_file.read_text().replace("Pendulum-v1", "CartPole-v1"))
    assert run_cli("train", "-c", "run.yaml", cwd=tmp_path).returncode == 0
    assert read_scalars(only_run(tmp_path) / "logs")["policy_action"][0][1] == 1


def test_a_top_level_policy_section_wins_and_null_means_none(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "policies_file.py").write_text(POLICY_FILE)
    spec = make_spec(agent="policies_file.py:PolicyAgent")
    spec["policy"] = {"class": "policies_file.py:ConstantPolicy", "parameters": {"action": 0}}
    write_spec(tmp_path / "run.yaml", spec)
    assert run_cli("train", "-c", "run.yaml", cwd=tmp_path).returncode == 0
    assert read_scalars(only_run(tmp_path) / "logs")["policy_action"][0][1] == 0
    env = build_env(spec)
    assert build_policy({**spec, "policy": None}, env) is None
    policy = build_policy(spec, env)
    assert policy.parameters["action_space"] == env.action_space and policy(None) == 0


def test_build_env_by_hand_reports_an_unknown_id():
    with pytest.raises(SpecError, match="env.name"):
        build_env({"env": {"name": "NoSuchEnv-v0"}})
