"""Spec input the fuzzer of tester13b found named badly: an empty key (-2), a second YAML document (-4), a whole
number past 2**63 written with an exponent (-5)."""

import pytest

from conftest import make_spec, run_cli, write_spec
from gym_loop.errors import SpecError
from gym_loop.spec import load_spec, run_spec

SPEC = "agent: {class: gym_loop.agents.random_agent:RandomAgent}\nenv: {name: CartPole-v1}\n"


def _train(tmp_path, text, *args):
    (tmp_path / "s.yaml").write_text(text)
    result = run_cli("train", "-c", "s.yaml", *args, cwd=tmp_path)
    assert result.returncode == 2 and not (tmp_path / "runs").exists()
    return result.stderr.splitlines()


def test_two_set_of_an_empty_key_are_refused_for_their_form_not_as_a_key_given_twice(tmp_path):
    assert _train(tmp_path, SPEC, "--set", "=1", "--set", "=2") == [
        "Error: --set: expected KEY.PATH=VALUE such as loop.parameters.max_episodes=100, got '=1'"]


@pytest.mark.parametrize("extra, key", [('"": 1\n', "''"), ('" ": 1\n', "' '"), ("loop: {parameters: {'': 2}}\n",
                                                                                  "loop.parameters.''")])
def test_an_empty_key_is_named_quoted(tmp_path, extra, key):
    lines = _train(tmp_path, SPEC + extra)
    assert len(lines) == 1 and lines[0].startswith(f"Error: {key}: unknown key; "), lines


def test_a_second_yaml_document_is_named_with_its_fix(tmp_path):
    assert _train(tmp_path, SPEC + "---\nseed: 1\n") == [
        "Error: s.yaml:3:1: a second YAML document (a --- line); a spec is one document: remove the --- line and "
        "merge the keys"]


def test_a_parse_error_says_where_the_construct_it_cuts_short_began(tmp_path):
    (tmp_path / "s.yaml").write_text("agent: {class: x\nenv: {name: CartPole-v1}\n")
    with pytest.raises(SpecError) as error:
        load_spec(tmp_path / "s.yaml")
    assert str(error.value).endswith(" (while parsing a flow mapping started at line 1, column 8)"), error.value


@pytest.mark.parametrize("written, value", [(1e20, 10**20), (10**20, 10**20), (1e23, 10**23), (1e99, 10**99)])
def test_a_whole_number_is_the_same_integer_however_it_is_written(written, value):
    parameters = run_spec(make_spec(max_steps=written, eval_episodes=written)).loop.parameters
    assert (parameters["max_steps"], parameters["eval_episodes"]) == (value, value)
    assert type(parameters["max_steps"]) is int


def test_a_whole_number_written_past_the_digits_allowed_is_refused_as_its_digits_are(tmp_path):
    with pytest.raises(SpecError, match="expected a positive integer or null, got 1e"):
        run_spec(make_spec(max_steps=1e100))
    write_spec(tmp_path / "s.yaml", make_spec(max_episodes=1))
    done = run_cli("-q", "train", "-c", "s.yaml", "--run-dir", "r", "--set", "loop.parameters.max_steps=1e99",
                   cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert load_spec(tmp_path / "r" / "spec.yaml")["loop"]["parameters"]["max_steps"] == 10**99  # read back: resumable
