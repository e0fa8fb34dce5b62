"""tester7c-2, -3: class strings naming a file that is no .py file, or a module attribute that is no class."""

import pytest

from conftest import make_spec, run_cli, write_spec
from gym_loop.errors import ResolveError
from gym_loop.gym_loop import module_str_to_class, validate_module_str

NOT_A_CLASS_STRING = "is not a class string; expected 'package.module:Class' or 'path/to/file.py:Class'"


@pytest.mark.parametrize("text", ["./noext:A", "/etc/passwd:A", "agents/agent:A", "dir\\agent:A", "agent.py:1A",
                                  "a\0b.py:A"])  # tester7c-15: no file system takes a NUL
def test_a_path_is_a_class_string_only_of_a_py_file(text):
    assert not validate_module_str(text)
    with pytest.raises(ResolveError) as error:
        module_str_to_class(text)
    assert str(error.value) == f"{text!r} {NOT_A_CLASS_STRING}"


@pytest.mark.parametrize("path", ["~no_such_user_fix7b/agent.py", "a" * 300 + ".py", "x/" * 3000 + "a.py"])
def test_a_path_no_file_can_have_is_no_such_file(path):
    with pytest.raises(ResolveError, match="^no such file: "):
        module_str_to_class(f"{path}:Agent")


@pytest.mark.parametrize("args", [["create-default", "-a", "./noext:A"],
                                  ["train", "-c", "run.yaml", "--set", "agent.class=./noext:A"]])
def test_the_cli_refuses_a_file_without_py_in_one_line(tmp_path, args):
    (tmp_path / "noext").write_text("class A: pass\n")
    write_spec(tmp_path / "run.yaml", make_spec(max_episodes=1))
    result = run_cli(*args, cwd=tmp_path)
    assert result.returncode == 2 and len(result.stderr.splitlines()) == 1, result.stderr
    assert f"'./noext:A' {NOT_A_CLASS_STRING}" in result.stderr


@pytest.mark.parametrize("value, message", [
    ("3", "is an int, not a class"),
    ("0.1", "is a float, not a class"),
    ("None", "is None, not a class"),
    ("__import__('os')", "is a module, not a class; to name a class in it, give os:Class"),
])
def test_a_value_that_is_not_a_class_is_named_as_what_it_is(tmp_path, value, message):
    (tmp_path / "values_fix7b.py").write_text(f"X = {value}\n")
    with pytest.raises(ResolveError) as error:
        module_str_to_class(f"{tmp_path}/values_fix7b.py:X")
    assert str(error.value) == f"{tmp_path}/values_fix7b.py's X {message}"


def test_did_you_mean_names_only_a_class(tmp_path):
    (tmp_path / "close_fix7b.py").write_text("LEARNING_RATE = 0.1\nclass Agent:\n    pass\n")
    with pytest.raises(ResolveError) as error:
        module_str_to_class(f"{tmp_path}/close_fix7b.py:Agentt")
    assert str(error.value).endswith("has no class 'Agentt'; did you mean 'Agent'?")
    with pytest.raises(ResolveError) as error:
        module_str_to_class(f"{tmp_path}/close_fix7b.py:LEARNING_RATEE")  # a number is no class to suggest
    assert str(error.value).endswith("has no class 'LEARNING_RATEE'; its classes: Agent")  # fix14g: listed


def test_the_documented_row_of_a_value_that_is_not_a_class(tmp_path):
    (tmp_path / "my_agent.py").write_text("LEARNING_RATE = 0.1\n")
    write_spec(tmp_path / "run.yaml", make_spec(max_episodes=1))
    result = run_cli("train", "-c", "run.yaml", "--set", "agent.class=my_agent.py:LEARNING_RATE", cwd=tmp_path)
    assert (result.returncode, result.stderr) == (
        2, "Error: agent.class: my_agent.py's LEARNING_RATE is a float, not a class\n")
