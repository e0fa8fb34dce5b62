"""Property-based: whatever a user writes, the answer is a valid spec or gym-loop's own SpecError."""

import copy

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gym_loop.errors import SpecError
from gym_loop.spec import apply_overrides, default_spec, load_spec, resolve_spec

SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
KEYS = st.sampled_from(["agent", "env", "loop", "policy", "class", "parameters", "name", "imports",
                        "max_episodes", "render", "logdir", "x"]) | st.text(max_size=8)
SCALARS = (st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True)
           | st.text(max_size=12) | st.sampled_from(["CartPole-v1", "gym_loop.agents.random_agent:RandomAgent"]))
VALUES = st.recursive(SCALARS, lambda inner: st.lists(inner, max_size=3) | st.dictionaries(KEYS, inner, max_size=4),
                      max_leaves=12)
DEFAULT = default_spec()


def resolves_or_refuses(document):
    try:
        resolve_spec(document)
    except SpecError:
        pass


@SETTINGS
@given(VALUES)
def test_any_document(document):
    resolves_or_refuses(document)


@SETTINGS
@given(st.lists(st.sampled_from([("agent",), ("env",), ("loop",), ("agent", "class"), ("agent", "parameters"),
                                 ("env", "name"), ("env", "imports"), ("env", "parameters"), ("loop", "class"),
                                 ("loop", "parameters"), ("policy",)]
                                + [("loop", "parameters", key) for key in DEFAULT["loop"]["parameters"]]),
                min_size=1, max_size=3),
       st.lists(VALUES, min_size=3, max_size=3))
def test_any_value_at_any_key_of_a_valid_spec(paths, values):
    document = copy.deepcopy(DEFAULT)
    for path, value in zip(paths, values):
        target = document
        for key in path[:-1]:
            target = target.setdefault(key, {}) if isinstance(target, dict) else target
        if isinstance(target, dict):
            target[path[-1]] = value
    resolves_or_refuses(document)


@SETTINGS
@given(st.text(max_size=60))
def test_any_yaml_file(tmp_path_factory, text):
    path = tmp_path_factory.mktemp("spec") / "run.yaml"
    path.write_text(text, encoding="utf-8")
    try:
        document = load_spec(path)
    except SpecError:
        return
    resolves_or_refuses(document)


@SETTINGS
@given(st.lists(st.text(max_size=40) | st.builds("{}={}".format, st.sampled_from(
    ["loop.parameters.max_episodes", "env.name", "agent", "loop.parameters", "env.imports.x", "a.b.c"]),
    st.text(max_size=12)), min_size=1, max_size=3))
def test_any_set_strings(assignments):
    try:
        document = apply_overrides(DEFAULT, assignments)
    except SpecError:
        return
    resolves_or_refuses(document)


def test_yaml_of_the_default_round_trips():
    assert resolve_spec(yaml.safe_load(yaml.safe_dump(DEFAULT)))["loop"] == DEFAULT["loop"]
