"""tester7c-16, -17: a loop whose constructor raises is one line as an agent's is; policy.class is checked to be a
policy whose act(state) (or __call__(state), as the seeds' policies are) can be called: not an agent class."""

import pytest

from conftest import make_spec, run_cli, write_spec
from gym_loop.errors import SpecError
from gym_loop.spec import default_spec, run_spec
from fix7b_scenarios import failing_loop

POLICIES = """
class NoAct:
    pass

class Called:
    def __call__(self, state):
        return 0

class CalledWrong:
    def __call__(self, state, extra):
        return 0
"""
NOT_A_POLICY = ("has neither __call__() nor act(): it is not a policy class (give a class whose instances are called "
                "as policy(state) or policy.act(state): your own on gym_loop.policies.BasePolicy)")


def test_a_loop_whose_constructor_raises_is_one_line(tmp_path):
    result = run_cli(*failing_loop(tmp_path), cwd=tmp_path)
    assert (result.returncode, result.stderr) == (
        1, "Error: constructing the loop Loop failed: ValueError: no loop today (--debug shows the traceback)\n")


@pytest.mark.parametrize("class_str, message", [
    ("policies_fix7b.py:NoAct", f"NoAct {NOT_A_POLICY}"),
    ("builtins:int", f"int {NOT_A_POLICY}"),
    ("policies_fix7b.py:CalledWrong", "CalledWrong.__call__(state, extra) cannot be called as __call__(state), as "
                                      "gym-loop calls it; define it as def __call__(self, state)"),
])  # gym_loop.policies:BasePolicy itself is built as the original built it (fix8f: tests/test_agents_fix8f.py)
@pytest.mark.parametrize("section", ["policy", "agent.policy"])
def test_a_class_that_is_no_policy_is_refused(tmp_path, monkeypatch, class_str, message, section):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "policies_fix7b.py").write_text(POLICIES)
    spec = default_spec()
    if section == "policy":
        spec["policy"] = {"class": class_str}
    else:
        spec["agent"]["policy"] = {"class": class_str}
    with pytest.raises(SpecError) as error:
        run_spec(spec)
    assert str(error.value) == f"{section}.class: {message}"


def test_an_agent_class_is_no_policy():
    spec = default_spec()
    spec["policy"] = {"class": "gym_loop.agents.random_agent:RandomAgent"}
    with pytest.raises(SpecError, match=r"^policy\.class: RandomAgent\.act\(.*\) -> Any cannot be called as "
                                        r"act\(state\),"):
        run_spec(spec)


def test_a_callable_policy_as_the_seeds_wrote_them_is_a_policy(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "policies_fix7b.py").write_text(POLICIES)
    spec = default_spec()
    spec["policy"] = {"class": "policies_fix7b.py:Called"}
    assert run_spec(spec).policy.cls.__name__ == "Called"


def test_the_cli_refuses_builtins_int_as_the_policy_in_one_line(tmp_path):
    write_spec(tmp_path / "run.yaml", make_spec(max_episodes=1))
    result = run_cli("train", "-c", "run.yaml", "--set", "policy={class: 'builtins:int'}", cwd=tmp_path)
    assert (result.returncode, result.stderr) == (2, f"Error: policy.class: int {NOT_A_POLICY}\n")
