"""tester7c-16, -17 (fix7d): constructing the loop fails in one line; policy.class must be a policy."""

import pytest

from conftest import make_spec
from fix7d_scenarios import BOOM_LOOP
from gym_loop.errors import GymLoopError
from gym_loop.gym_loop import train_agent


def test_a_loop_whose_constructor_raises_fails_in_one_line(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "boom_loop.py").write_text(BOOM_LOOP)
    spec = make_spec(max_episodes=1)
    spec["loop"]["class"] = "boom_loop.py:BoomLoop"
    with pytest.raises(GymLoopError, match=r"^constructing the loop BoomLoop failed: RuntimeError: no loop today$"):
        train_agent(spec)


DICT_CLASSES = """
class Policy(dict):
    def __call__(self, state):
        return 0


class Agent(list):
    def act(self, state, episode_num):
        return 0
"""


@pytest.mark.parametrize("role", ["agent", "policy"])
def test_a_class_whose_constructor_has_no_signature_is_built_with_its_parameters(tmp_path, monkeypatch, role):
    """A subclass of a builtin type (no __init__ of its own): Python cannot tell what its constructor takes, so
    gym-loop passes it none of policy, observation_space, action_space, rng (was: ValueError, no signature found)."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "dicts.py").write_text(DICT_CLASSES)
    spec = make_spec(max_episodes=1)
    spec[role] = {"class": f"dicts.py:{role.title()}", "parameters": {}}
    if role == "agent":
        spec.pop("policy", None)
    train_agent(spec)


def test_a_builtin_type_as_the_policy_fails_in_one_line(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    spec = make_spec(max_episodes=1)
    spec["policy"] = {"class": "operator:itemgetter"}
    with pytest.raises(GymLoopError, match=r"^constructing the policy itemgetter failed: TypeError: "):
        train_agent(spec)
