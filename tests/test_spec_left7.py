"""left7: a module name with a NUL character is shown escaped; create-default --set policy.class=X replaces the
agent's default policy as --set policy=... does."""

import pytest
import yaml

from conftest import make_spec, run_cli
from gym_loop.errors import SpecError
from gym_loop.spec import run_spec


@pytest.mark.parametrize("key", ["env.imports", "env.name"])
def test_a_module_name_with_a_nul_character_is_shown_escaped(key):
    spec = make_spec()
    if key == "env.imports":
        spec["env"]["imports"] = ["a\0b"]
    else:
        spec["env"]["name"] = "a\0b:CartPole-v1"
    with pytest.raises(SpecError) as error:
        run_spec(spec)
    assert "\0" not in str(error.value)
    assert str(error.value).startswith(f"{key}: cannot import 'a\\x00b' (")
    assert str(error.value) == (f"{key}: cannot import 'a\\x00b' (No module named 'a\\x00b'); install the package "
                                "that provides it")  # no "put a<NUL>b.py in the working directory": no file has it


POLICIES = """
class CallablePolicy:
    def __init__(self, **params):
        self.__dict__.update(params)

    def __call__(self, state):
        return self.action_space.sample()

class NoCall:
    def __init__(self, **params):
        pass

from gym_loop.agents import BaseAgent

class UsesPolicy(BaseAgent):
    @staticmethod
    def get_default_policy():  # refused: CallablePolicy declares no eps
        return {"class": "pol.py:CallablePolicy", "parameters": {"eps": 0.2}}

    def act(self, state, episode_num):
        return self.policy(state)
"""


@pytest.mark.parametrize("policy, written", [("CallablePolicy", {"class": "pol.py:CallablePolicy"}), ("NoCall", None)])
def test_create_default_set_policy_class_replaces_the_agent_default_policy(tmp_path, policy, written):
    (tmp_path / "pol.py").write_text(POLICIES)
    result = run_cli("create-default", "-a", "pol.py:UsesPolicy", "-c", "s.yaml", "-s", "env.name=CartPole-v1",
                     "-s", f"policy.class=pol.py:{policy}", cwd=tmp_path)
    if written is None:  # the class given is checked, not the agent's default policy
        assert result.stderr.strip().startswith("Error: policy.class: NoCall has neither __call__() nor act()")
        assert result.returncode == 2
    else:
        assert result.returncode == 0, result.stderr
        assert yaml.safe_load((tmp_path / "s.yaml").read_text())["policy"] == written
