"""tester14a-3: a --set value that does not parse (or build) says the parser's reason and how to quote a string;
tester14a-20: a control character in a spec (a pasted colour code, UTF-16 without a byte order mark) is named at its
line and column, with the fix."""

import pytest

from gym_loop import yaml_safety
from gym_loop.errors import SpecError


@pytest.mark.parametrize("text, problem", [
    ("@x", "found character '@' that cannot start any token"), ('"abc', "found unexpected end of stream"),
    ("{[1,2]: 3}", "found unhashable key"), ("!Ref x", "could not determine a constructor for the tag '!Ref'")])
def test_set_value_reason_and_quoting(text, problem):
    with pytest.raises(SpecError) as raised:
        yaml_safety.load(text, "--set", "agent.parameters.x")
    assert raised.value.key == "agent.parameters.x"
    assert raised.value.problem.startswith(f"--set value {text!r} cannot be read as YAML: {problem}; to give it as "
                                           "a string, quote it: --set ")
    quoted = raised.value.problem.rpartition("--set ")[2]
    import shlex

    key, _, value = shlex.split(quoted)[0].partition("=")
    assert key == "agent.parameters.x" and yaml_safety.load(value, "--set", key) == text  # the hint works


def test_grid_value_no_set_hint():
    with pytest.raises(SpecError) as raised:
        yaml_safety.load("[1", "--grid", "agent.parameters.x")
    assert raised.value.problem == "--grid value '[1' cannot be read as YAML: expected ',' or ']', but got '<stream end>'"


def test_control_character_line_and_column():
    text = "agent: {class: x:Y}\nenv: {name: CartPole-v1\x1b[0m}\n"
    with pytest.raises(SpecError, match=r"^esc.yaml:2:24: the control character #x001b, which YAML does not allow; "
                                        r"delete it"):
        yaml_safety.load(text, "esc.yaml")


def test_utf16_without_bom(tmp_path):
    (tmp_path / "u16.yaml").write_bytes("env: {name: CartPole-v1}\n".encode("utf-16-le"))
    with pytest.raises(SpecError, match=r"u16.yaml:1:2: the control character #x0000, which YAML does not allow; the "
                                        r"file is UTF-16 without a byte order mark; save it as UTF-8$"):
        yaml_safety.load(yaml_safety.read_text(tmp_path / "u16.yaml"), str(tmp_path / "u16.yaml"))
