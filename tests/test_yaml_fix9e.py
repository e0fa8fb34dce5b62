"""Specs read as YAML 1.2 reads integers (tester9e-5: seed: 010 was octal 8, 1:30 base-60 90), and a tab that
indents a line says so (tester9e-23)."""

import pytest
import yaml

from conftest import make_spec, run_cli, write_spec
from gym_loop.errors import SpecError
from gym_loop.yaml_safety import load


@pytest.mark.parametrize("text, value", [("010", 10), ("008", 8), ("-010", -10), ("1:30", "1:30"),
                                         ("1:30.5", "1:30.5"), ("0x1f", 31), ("1_000", 1000), ("12", 12),
                                         ("1e-3", 0.001), ("'010'", "010")])
def test_numbers_are_yaml_1_2s(text, value):
    assert load(f"a: {text}", "x.yaml") == {"a": value}


def test_a_spec_seed_is_decimal_and_base_60_is_refused(tmp_path):
    spec = make_spec(max_episodes=1)
    text = yaml.safe_dump({**spec, "seed": 7})
    (tmp_path / "oct.yaml").write_text(text.replace("seed: 7", "seed: 010"))
    assert run_cli("-q", "train", "-c", "oct.yaml", "--run-dir", "r", cwd=tmp_path).returncode == 0
    assert "seed: 10\n" in (tmp_path / "r/spec.yaml").read_text()
    write_spec(tmp_path / "run.yaml", spec)
    result = run_cli("-q", "train", "-c", "run.yaml", "-s", "loop.parameters.time_per_checkpoint=1:30", cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr == ('Error: loop.parameters.time_per_checkpoint: expected a positive number or null, got '
                             '"1:30"\n')


def test_a_tab_that_indents_says_to_use_spaces(tmp_path):
    with pytest.raises(SpecError) as error:
        load("agent:\n\tclass: x\n", "tab.yaml")
    assert str(error.value) == "tab.yaml:2:1: a tab character; YAML indents with spaces only: replace the tab with spaces"
