"""Scenarios of the docs/errors.rst rows added for tester7a's defects (fix7c); tests/test_errors_table.py runs them
with the rest."""

from pathlib import Path


def comments_only(tmp_path: Path) -> list:
    """``train -c run.yaml`` of a spec holding only a comment."""
    (tmp_path / "run.yaml").write_text("# my spec, to be written\n")
    return ["train", "-c", "run.yaml"]


# tests/test_cli_fix7c.py: a copy of examples/ beside the working directory
TESTED_ELSEWHERE = {"agent file not found from the working directory, but from the spec's folder or one above it "
                    "(train, eval -c)"}

SCENARIOS = {
    "a spec of comments only (create-default keeps them unless given --force)": comments_only,
}
