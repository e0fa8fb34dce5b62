"""fix14g: a double-quoted YAML string's \\u escapes of a surrogate pair (JSON's way to write a character outside
the BMP, as json.dumps gives it) are the character; a lone surrogate, which no file or log can hold, is refused at
its place before any run folder is made, not a UnicodeEncodeError traceback after training (tester14g-6)."""

import pytest

from conftest import make_spec, run_cli, run_folders, write_spec
from gym_loop.errors import SpecError
from gym_loop.yaml_safety import load

PROBLEM = ("the escape \\ud83d is half of a surrogate pair, which no file can hold; write the character itself, "
           "or both halves (\\ud83d\\ude00 is U+1F600)")


def test_a_surrogate_pair_is_its_character():
    assert load('tag: "@\\ud83d\\ude00"\n', "run.yaml") == {"tag": "@😀"}
    assert load('"\\ud83d\\ude00": [x]\n', "run.yaml") == {"😀": ["x"]}


def test_a_lone_surrogate_is_refused_where_it_is():
    with pytest.raises(SpecError) as raised:
        load('env:\n  name: "a\\ud83d"\n', "run.yaml")
    assert str(raised.value) == f"run.yaml:2:9: {PROBLEM}"
    with pytest.raises(SpecError) as raised:
        load('"@\\ud83d"', "--set", "agent.parameters.opt")
    assert str(raised.value) == f"agent.parameters.opt: --set value refused: {PROBLEM}"


def test_train_refuses_it_before_the_run(tmp_path):
    write_spec(tmp_path / "run.yaml", make_spec(max_episodes=1))
    result = run_cli("train", "-c", "run.yaml", "--set", 'env.name="CartPole\\ud83d"', "-q", cwd=tmp_path)
    assert result.returncode == 2, result.stderr
    assert f"env.name: --set value refused: {PROBLEM}" in result.stderr
    assert not run_folders(tmp_path)


def test_the_quoting_hints_keep_the_characters():  # tester14g-6: as yaml_safety.yaml_text writes --grid values
    with pytest.raises(SpecError) as raised:
        load("@😀", "--set", "agent.parameters.opt")
    assert str(raised.value).endswith("""quote it: --set 'agent.parameters.opt="@😀"'""")
