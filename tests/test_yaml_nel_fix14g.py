"""fix14g: yaml_safety.dump writes a string holding U+0085 (NEL; cp1252's ellipsis read as Latin-1) so that load
reads it back, not with a space where the NEL was (tester14g-4)."""

import pytest

from gym_loop.yaml_safety import dump, load


@pytest.mark.parametrize("text", ["a\x85b", "\x85", "x\x85", "é\x85\u2028"])
def test_nel_round_trips(text):
    document = {"k": text, text: [text]}
    assert load(dump(document), "spec.yaml") == document
    assert load(dump(document, unicode=False), "spec.yaml") == document
