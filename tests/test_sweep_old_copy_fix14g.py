"""fix14g: a sweep begun before gym-loop quoted strings like 1e-3 (tester14a-12) has a spec.yaml with them
unquoted; continuing it called the file changed since the sweep was made. When PyYAML's YAML 1.1 reader (the old
writer's) reads it as manifest.json's spec, it is rewritten from the manifest, with a warning (tester14g-10)."""

from types import SimpleNamespace

import pytest

from gym_loop.errors import SpecError
from gym_loop.sweeps.drift import check_base_spec
from gym_loop.yaml_safety import load

SPEC = {"agent": {"class": "a.py:A", "parameters": {"lr": "1e-3", "tag": "08"}}, "env": {"name": "CartPole-v1"}}


def test_an_old_writers_spec_is_rewritten(tmp_path, caplog):
    path = tmp_path / "spec.yaml"
    path.write_text("agent:\n  class: a.py:A\n  parameters: {lr: 1e-3, tag: 08}\nenv: {name: CartPole-v1}\n")
    check_base_spec(SimpleNamespace(spec_path=path), {"spec": SPEC, "axes": []})
    assert load(path.read_text(), "spec.yaml") == SPEC
    assert "rewritten from manifest.json" in caplog.text


def test_a_changed_spec_is_still_refused(tmp_path):
    path = tmp_path / "spec.yaml"
    path.write_text("agent:\n  class: a.py:A\n  parameters: {lr: 1e-2, tag: 08}\nenv: {name: CartPole-v1}\n")
    with pytest.raises(SpecError, match="was changed since the sweep was made"):
        check_base_spec(SimpleNamespace(spec_path=path), {"spec": SPEC, "axes": []})
