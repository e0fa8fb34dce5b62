"""docs/errors.rst rows of tester15g's defects (tests/test_errors_table.py runs SCENARIOS)."""

from pathlib import Path

from conftest import make_spec, write_spec


def space_through_a_list(tmp_path: Path) -> list:
    write_spec(tmp_path / "run.yaml", make_spec())  # env.imports: []
    (tmp_path / "space.yaml").write_text("env.imports.0: {categorical: [a, b]}\n")
    return ["tune", "-c", "run.yaml", "--space", "space.yaml", "--trials", "1"]


SCENARIOS = {"a tune's space key through a list": space_through_a_list}
