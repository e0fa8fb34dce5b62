"""tester7c-1: an alias inside the value of its own anchor makes a cyclic value; refused in one line, exit 2,
wherever YAML comes from (a spec file, --set, a sweep's --grid and --zip)."""

import pytest

from conftest import make_spec, run_cli, write_spec
from gym_loop import yaml_safety
from gym_loop.errors import SpecError

CYCLE = ("the alias *a is inside the value of its own anchor &a, which would contain itself; "
         "write the value out")
RECURSIVE_SPEC = """agent: &a {class: "gym_loop.agents.random_agent:RandomAgent", parameters: {x: *a}}
env: {name: CartPole-v1}
"""


@pytest.mark.parametrize("text", ["&a [*a]", "&a {x: *a}", "&a {x: [1, {y: *a}]}", "a: &a {b: {<<: *a}}",
                                  "&a {*a : 1}"])
def test_an_alias_inside_its_own_anchor_is_refused_by_every_loader(text, monkeypatch):
    for loader in yaml_safety.safe_loaders():
        monkeypatch.setattr(yaml_safety, "safe_loaders", lambda loader=loader: (loader,))
        with pytest.raises(SpecError, match=r"^run\.yaml:1:\d+: the alias \*a is inside the value of its own anchor"):
            yaml_safety.load(text, "run.yaml")


@pytest.mark.parametrize("text, value", [
    ("[&a [1], *a]", [[1], [1]]),  # the anchor's collection is closed: an ordinary alias
    ("{a: &a {x: 1}, b: {y: *a}}", {"a": {"x": 1}, "b": {"y": {"x": 1}}}),
    ("[&a 1, [2, *a]]", [1, [2, 1]]),
])
def test_an_alias_of_a_closed_anchor_still_loads(text, value):
    assert yaml_safety.load(text, "run.yaml") == value


def test_the_cli_refuses_a_cyclic_spec_file_in_one_line(tmp_path):
    (tmp_path / "run.yaml").write_text(RECURSIVE_SPEC)
    result = run_cli("train", "-c", "run.yaml", cwd=tmp_path)
    assert (result.returncode, result.stderr) == (2, f"Error: run.yaml:1:79: {CYCLE}\n")


@pytest.mark.parametrize("args, key", [
    (["create-default", "--set", "agent.parameters=&a {x: *a}"], "agent.parameters"),
    (["train", "-c", "run.yaml", "--set", "agent.parameters.x=&a [*a]"], "agent.parameters.x"),
    (["sweep", "-c", "run.yaml", "--grid", "agent.parameters.x=&a [*a]", "--dry-run"], "agent.parameters.x"),
])
def test_the_cli_refuses_a_cyclic_command_line_value_in_one_line(tmp_path, args, key):
    write_spec(tmp_path / "run.yaml", make_spec(max_episodes=1))
    option = args[-2] if args[-1] != "--dry-run" else args[-3]
    result = run_cli(*args, cwd=tmp_path)
    assert (result.returncode, result.stderr) == (2, f"Error: {key}: {option} value refused: {CYCLE}\n")


def test_a_sweep_axis_is_parsed_within_the_limits_of_a_spec(tmp_path):
    write_spec(tmp_path / "run.yaml", make_spec(max_episodes=1))
    twice = run_cli("sweep", "-c", "run.yaml", "--zip", "a,b=[[{x: 1, x: 2}, 1]]", "--dry-run", cwd=tmp_path)
    assert twice.returncode == 2
    assert twice.stderr == "Error: a,b: --zip value refused: [0][0].x is given twice (also line 1); keep one of them\n"
    invalid = run_cli("sweep", "-c", "run.yaml", "--grid", "agent.parameters.x=[1", "--dry-run", cwd=tmp_path)
    assert (invalid.returncode, invalid.stderr) == (
        2, "Error: agent.parameters.x: --grid value '[1' cannot be read as YAML: expected ',' or ']', but got "
           "'<stream end>'\n")  # fix14a: the parser's reason


# tester7c-9: a tag's constructor fails in its own words (ValueError, KeyError, AttributeError), not a YAMLError
@pytest.mark.parametrize("text, where, value", [
    ('seed: !!int "12abc"', "1:7", "!!int '12abc'"),
    ("seed: !!bool maybe", "1:7", "!!bool 'maybe'"),
    ("seed: !!timestamp x", "1:7", "!!timestamp 'x'"),
    ("seed: [1, {a: !!float x}]", "1:15", "!!float 'x'"),
    ("seed: !!int 0x", "1:7", "!!int '0x'"),
])
def test_a_tag_its_value_does_not_fit_is_refused_by_every_loader(text, where, value, monkeypatch):
    for loader in yaml_safety.safe_loaders():
        monkeypatch.setattr(yaml_safety, "safe_loaders", lambda loader=loader: (loader,))
        with pytest.raises(SpecError) as error:
            yaml_safety.load(text, "run.yaml")
        assert str(error.value) == (f"run.yaml:{where}: {value} is not what its tag says; remove the tag or fix "
                                    "the value")


def test_an_untagged_value_that_reads_as_a_bad_date_is_told_to_be_quoted():
    with pytest.raises(SpecError) as error:
        yaml_safety.load("env: {name: CartPole-v1, parameters: {x: 2026-13-45}}", "run.yaml")
    assert str(error.value) == ("run.yaml:1:42: '2026-13-45' reads as a timestamp but is not a valid one; quote it to "
                                "keep it a string, or fix it")
    assert yaml_safety.load("x: '2026-13-45'", "run.yaml") == {"x": "2026-13-45"}


def test_the_cli_refuses_a_tag_its_value_does_not_fit_in_one_line(tmp_path):
    (tmp_path / "run.yaml").write_text('seed: !!int "12abc"\n')
    result = run_cli("train", "-c", "run.yaml", cwd=tmp_path)
    assert (result.returncode, result.stderr) == (
        2, "Error: run.yaml:1:7: !!int '12abc' is not what its tag says; remove the tag or fix the value\n")
    result = run_cli("create-default", "--set", 'seed=!!int "x"', cwd=tmp_path)
    assert (result.returncode, result.stderr) == (
        2, "Error: seed: --set value refused: !!int 'x' is not what its tag says; remove the tag or fix the value\n")
