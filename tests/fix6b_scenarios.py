"""Scenarios of the docs/errors.rst rows added for tester6a's defects (fix6b); tests/test_errors_table.py runs them
with the rest."""

from pathlib import Path

from conftest import make_spec, write_spec


def spec_of(tmp_path: Path, change) -> list:
    """``train -c run.yaml`` of a small CartPole spec that ``change`` edits."""
    spec = make_spec(max_episodes=1)
    change(spec)
    write_spec(tmp_path / "run.yaml", spec)
    return ["train", "-c", "run.yaml"]


SCENARIOS = {
    "render_mode given in env.parameters": lambda p: spec_of(p, lambda s: s["env"].update(
        parameters={"render_mode": "human"})),
}
