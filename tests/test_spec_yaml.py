"""The spec writer reads back, through PyYAML, as what it wrote, and looks like PyYAML's own output."""

import math

import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import AGENTS, make_spec
from gym_loop.spec import default_spec
from gym_loop.spec_yaml import dump

SCALARS = (st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False)
           | st.text() | st.sampled_from(["yes", "No", "null", "~", "1e3", ".inf", "a: b", "a:", "./logs",
                                          "~/a.py:A", "-1", "#x", "0x1F", "1_000", "2026-11-21", "\x7f", "é"]))
DOCUMENTS = st.recursive(SCALARS, lambda children: st.lists(children, max_size=4)
                         | st.dictionaries(st.text(max_size=8), children, max_size=4), max_leaves=20)


@settings(max_examples=300, deadline=None)
@given(DOCUMENTS)
def test_any_document_reads_back_as_itself(document):
    assert yaml.safe_load(dump(document)) == document


def test_special_floats_read_back():
    assert yaml.safe_load(dump({"a": 1e-05, "b": float("inf"), "c": -float("inf")})) == {
        "a": 1e-05, "b": float("inf"), "c": -float("inf")}
    assert math.isnan(yaml.safe_load(dump({"n": float("nan")}))["n"])


def test_default_specs_look_exactly_as_pyyaml_writes_them():
    for spec in (default_spec(), make_spec(agent=f"{AGENTS / 'readme_agent.py'}:ReadmeAgent"),
                 {**default_spec(), "env": {"imports": ["minigrid"], "name": "MiniGrid-Empty-5x5-v0",
                                            "parameters": {"max_episode_steps": 50, "nested": [[1, 2], {"k": []}]}}}):
        assert dump(spec) == yaml.safe_dump(spec, sort_keys=True)
