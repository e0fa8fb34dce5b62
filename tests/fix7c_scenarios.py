"""Scenarios of the docs/errors.rst rows added for tester7a's defects (fix7c); tests/test_errors_table.py runs them
with the rest."""

from pathlib import Path


def comments_only(tmp_path: Path) -> list:
    """``train -c run.yaml`` of a spec holding only a comment."""
    (tmp_path / "run.yaml").write_text("# my spec, to be written\n")
    return ["train", "-c", "run.yaml"]


SCENARIOS = {
    "a spec of comments only (create-default keeps them unless given --force)": comments_only,
}
