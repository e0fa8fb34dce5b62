"""A policy that is no class (a function) or has neither __call__ nor act is refused at policy.class before any run
folder (tester7b-4); a parameter for a class without get_default_parameters() says how to declare it, and
create-default takes a policy section replacing the agent's default one (tester7b-5)."""

import pytest
import yaml

from conftest import make_spec, run_cli, run_folders, write_spec

POLICIES = """
from gym_loop.agents import BaseAgent

def greedy(state):
    return 0

class NoCall:
    def __init__(self, **params):
        pass

class CallablePolicy:
    def __init__(self, **params):
        self.__dict__.update(params)

    def __call__(self, state):
        return self.action_space.sample()

class UsesPolicy(BaseAgent):
    @staticmethod
    def get_default_policy():
        return {"class": "pol.py:CallablePolicy", "parameters": {"eps": 0.2}}

    def act(self, state, episode_num):
        return self.policy(state)

class NoDefaults:
    def __init__(self, lr=0.1, **params):
        self.action_space = params["action_space"]

    def act(self, state, episode_num):
        return self.action_space.sample()
"""

FIX = ("give a class whose instances are called as policy(state) or policy.act(state): your own on "
       "gym_loop.policies.BasePolicy")


def train(tmp_path, policy=None, agent="pol.py:UsesPolicy", agent_parameters=None):
    (tmp_path / "pol.py").write_text(POLICIES)
    spec = make_spec(max_episodes=2)
    spec["agent"] = {"class": agent, "parameters": agent_parameters or {}}
    spec["policy"] = policy
    write_spec(tmp_path / "s.yaml", spec)
    return run_cli("train", "-c", "s.yaml", cwd=tmp_path)


@pytest.mark.parametrize("policy, message", [
    ("greedy", f"policy.class: greedy is a function, not a policy class ({FIX})"),
    ("NoCall", f"policy.class: NoCall has neither __call__() nor act(): it is not a policy class ({FIX})")])
def test_a_policy_that_cannot_be_called_is_refused_before_the_run(tmp_path, policy, message):
    result = train(tmp_path, {"class": f"pol.py:{policy}", "parameters": {}})
    assert (result.returncode, result.stderr.strip().splitlines()[-1]) == (2, f"Error: {message}")
    assert run_folders(tmp_path) == []


def test_a_plain_policy_class_trains(tmp_path):
    result = train(tmp_path, {"class": "pol.py:CallablePolicy", "parameters": {}})
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize("section, name, key", [("policy", "CallablePolicy", "eps"), ("agent", "NoDefaults", "lr")])
def test_a_parameter_of_a_class_without_defaults_says_how_to_declare_it(tmp_path, section, name, key):
    if section == "policy":
        result = train(tmp_path, {"class": "pol.py:CallablePolicy", "parameters": {"eps": 0.2}})
    else:
        result = train(tmp_path, None, agent="pol.py:NoDefaults", agent_parameters={"lr": 0.5})
    assert result.returncode == 2
    assert result.stderr.strip().splitlines()[-1] == (
        f"Error: {section}.parameters.{key}: unknown key: {name} has no get_default_parameters(); add one listing "
        f"{key} (a @staticmethod returning the defaults), or set ANY_PARAMETERS = True on it")


@pytest.mark.parametrize("policy", ['{class: "pol.py:CallablePolicy", parameters: {}}', "null"])
def test_create_default_takes_a_policy_section_replacing_the_agent_default(tmp_path, policy):
    (tmp_path / "pol.py").write_text(POLICIES)
    result = run_cli("create-default", "-a", "pol.py:UsesPolicy", "-c", "s.yaml", "-s", "env.name=CartPole-v1",
                     "-s", f"policy={policy}", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert yaml.safe_load((tmp_path / "s.yaml").read_text())["policy"] == yaml.safe_load(policy)
