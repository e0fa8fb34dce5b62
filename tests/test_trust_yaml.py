"""YAML cannot exhaust the machine (issue 16, point 7): run specs and --set values parsed within limits."""

import subprocess

import pytest
import yaml

from conftest import GYM_LOOP, make_spec, run_cli, write_spec
from gym_loop import yaml_safety
from gym_loop.errors import SpecError
from gym_loop.spec import load_spec


def alias_bomb(levels: int) -> str:
    """``levels`` lines, each a list of nine aliases of the line before: 9**levels values once expanded."""
    names = [f"n{level}" for level in range(levels)]
    lines = [f"{names[0]}: &{names[0]} [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    lines += [f"{name}: &{name} [{', '.join([f'*{previous}'] * 9)}]" for previous, name in zip(names, names[1:])]
    return "\n".join(lines) + "\n"


def refused_at_once(tmp_path, text, *args):
    """Train with a spec of ``text``; the process must end within a minute (21 s and 2.3 GB before)."""
    (tmp_path / "run.yaml").write_text(text)
    result = subprocess.run([GYM_LOOP, "train", "-c", "run.yaml", *args], cwd=tmp_path, capture_output=True,
                            text=True, timeout=60)
    assert result.returncode == 2
    assert len(result.stderr.splitlines()) == 1, result.stderr
    assert not (tmp_path / "runs").exists()
    return result.stderr


def test_a_700_byte_alias_bomb_is_refused_with_one_line(tmp_path):
    bomb = alias_bomb(12)
    assert 600 < len(bomb) <= 700
    assert "aliases expand to more than 100,000 values" in refused_at_once(tmp_path, bomb)


def test_an_alias_bomb_in_a_set_value_is_refused(tmp_path):
    write_spec(tmp_path / "spec.yaml", make_spec())
    value = "[" + ", ".join(["&a [1, 1, 1, 1, 1, 1, 1, 1, 1, 1]"] + ["*a"] * 20000) + "]"
    result = run_cli("train", "-c", "spec.yaml", "--set", f"agent.parameters.x={value}", cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr.splitlines() == ["Error: agent.parameters.x: --set value refused: its aliases expand to "
                                          "more than 100,000 values; write the values out instead of nesting aliases"]


def test_1000_deep_nesting_is_refused_with_one_line(tmp_path):
    stderr = refused_at_once(tmp_path, "agent: " + "{a: " * 1000 + "1" + "}" * 1000 + "\n")
    assert "nested deeper than 50 levels" in stderr
    assert "RecursionError" not in stderr


def test_a_5000_digit_integer_is_refused_with_one_line(tmp_path):
    assert "an integer of 5000 digits" in refused_at_once(tmp_path, "seed: " + "1" * 5000 + "\n")


def test_a_tagged_long_integer_is_refused_too(tmp_path):
    assert "an integer of 5000 digits" in refused_at_once(tmp_path, f'seed: !!int "{"1" * 5000}"\n')


def test_a_long_string_of_digits_is_a_string_not_an_integer():
    assert yaml_safety.load(f'name: "{"1" * 5000}"\n', "spec.yaml") == {"name": "1" * 5000}


def test_an_oversized_file_is_not_read_whole(tmp_path):
    path = tmp_path / "huge.yaml"
    path.write_text("a: 1\n" * 300_000)
    with pytest.raises(SpecError, match=r"huge.yaml is larger than 1,000,000 bytes"):
        load_spec(path)


def test_ordinary_anchors_and_every_value_kind_load_as_safe_load_does(tmp_path):
    text = ("defaults: &defaults {lr: 0.001, layers: [64, 64], name: net, on: true, none: null, big: 12345678901234}\n"
            "agent: {parameters: *defaults}\npolicy: {parameters: {<<: *defaults, lr: 0.01}}\n"
            "dates: 2026-11-29\nfloat: 1e3\ninf: .inf\n")
    (tmp_path / "spec.yaml").write_text(text)
    expected = {**yaml.safe_load(text), "float": 1000.0}  # 1e3 a number, as YAML 1.2 reads it (docs/spec.rst)
    assert load_spec(tmp_path / "spec.yaml") == expected


def test_a_default_spec_loads_as_safe_load_does(tmp_path):
    path = write_spec(tmp_path / "spec.yaml", make_spec())
    assert load_spec(path) == yaml.safe_load(path.read_text())


@pytest.mark.skipif(not getattr(yaml, "__with_libyaml__", False), reason="PyYAML built without libyaml")
def test_invalid_yaml_keeps_the_clear_message_of_the_python_parser(tmp_path):
    (tmp_path / "spec.yaml").write_text("loop: {parameters: {max_episodes: 3}\n")
    with pytest.raises(SpecError, match=r"spec.yaml:2:1: invalid YAML: expected ',' or '}', but got '<stream end>'"):
        load_spec(tmp_path / "spec.yaml")


@pytest.mark.parametrize("text, message", [
    ("loop:\n  parameters:\n    max_episodes: 3\n    eval_episodes: 2\n    max_episodes: 7\n",
     "spec.yaml:5:5: loop.parameters.max_episodes is given twice (also line 3); keep one of them"),
    ("agent: {class: a}\nenv: {name: CartPole-v1}\nagent: {class: b}\n",
     "spec.yaml:3:1: agent is given twice (also line 1); keep one of them"),
    ("env: {imports: [a, {x: 1, 'x': 2}]}\n", "spec.yaml:1:27: env.imports[1].x is given twice (also line 1)"),
])
def test_a_key_given_twice_is_refused_naming_it_and_both_lines(tmp_path, text, message):
    (tmp_path / "spec.yaml").write_text(text)
    with pytest.raises(SpecError, match=message.replace("[", r"\[").replace("(", r"\(").replace(")", r"\)")):
        load_spec(tmp_path / "spec.yaml")


def test_keys_of_other_mappings_and_merge_keys_are_not_repeats(tmp_path):
    text = ("base: &base {max_episodes: 3, eval_episodes: 2}\nagent: {parameters: {max_episodes: 1}}\n"
            "loop: {parameters: {<<: *base, max_episodes: 5}}\nlist: [{a: 1}, {a: 2}]\n1: one\n'1': string one\n")
    (tmp_path / "spec.yaml").write_text(text)
    assert load_spec(tmp_path / "spec.yaml") == yaml.safe_load(text)


def test_a_key_given_twice_in_a_set_value_is_refused(tmp_path):
    write_spec(tmp_path / "run.yaml", make_spec())
    result = run_cli("train", "-c", "run.yaml", "--set", "loop.parameters={max_episodes: 1, max_episodes: 2}",
                     cwd=tmp_path)
    assert result.returncode == 2 and not (tmp_path / "runs").exists()
    assert result.stderr.strip() == ("Error: loop.parameters: --set value refused: max_episodes is given twice "
                                     "(also line 1); keep one of them")
