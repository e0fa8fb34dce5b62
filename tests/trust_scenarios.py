"""Scenarios of the rows issue 16 added to docs/errors.rst; tests/test_errors_table.py runs them with the rest."""

from pathlib import Path

ALIAS_BOMB = "a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n" + "".join(
    f"{name}: &{name} [{', '.join([f'*{previous}'] * 9)}]\n" for previous, name in zip("abcdefghij", "bcdefghijk"))


def raw_spec(tmp_path: Path, text: str) -> list:
    (tmp_path / "run.yaml").write_text(text)
    return ["train", "-c", "run.yaml"]


def oversized_spec(tmp_path: Path) -> list:
    return raw_spec(tmp_path, "env: {name: CartPole-v1}\n" + "#" * 1_000_000 + "\n")


SCENARIOS = {
    "a YAML alias bomb": lambda p: raw_spec(p, ALIAS_BOMB),
    "YAML nested too deep": lambda p: raw_spec(p, "agent: " + "[" * 1000 + "]" * 1000 + "\n"),
    "an integer too long": lambda p: raw_spec(p, "seed: " + "9" * 5000 + "\n"),
    "a spec file too large": oversized_spec,
    "a --set value refused": lambda p: raw_spec(p, "env: {name: CartPole-v1}\n") + [
        "--set", "loop.parameters.max_episodes=" + "9" * 200],
}

# Rows tested in their own files, with a real second process: tests/test_trust_lock.py.
TESTED_ELSEWHERE = {"resuming a run that another process trains or resumes"}
