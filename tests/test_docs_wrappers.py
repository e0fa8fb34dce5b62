"""docs/spec.rst's way to put Gymnasium wrappers in a spec, run as written (tester4a #16)."""

import csv
from pathlib import Path

import pytest
import yaml

from conftest import make_spec, run_cli, write_spec
from test_readme import blocks

SPEC_PAGE = Path(__file__).parent.parent / "docs" / "spec.rst"


@pytest.mark.parametrize("loop", ["gym_loop.loops.default_loop:DefaultLoop", "gym_loop.loops.vector_loop:VectorLoop"])
def test_a_module_in_env_imports_registers_a_wrapped_env(tmp_path, loop):
    module = next(block for block in blocks(SPEC_PAGE, "python") if "ClipReward" in block)
    (tmp_path / "wrapped_envs.py").write_text(module)
    env_section = yaml.safe_load(next(block for block in blocks(SPEC_PAGE, "yaml") if "ClippedCartPole" in block))
    spec = make_spec(max_episodes=3)
    spec.update(env_section)
    spec["loop"]["class"] = loop
    write_spec(tmp_path / "run.yaml", spec)
    result = run_cli("-q", "train", "-c", "run.yaml", "--run-dir", "run", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    with open(tmp_path / "run" / "episodes.csv") as file:
        rows = list(csv.DictReader(file))
    assert rows and all(float(row["return"]) == 0.5 * int(row["length"]) for row in rows)  # the wrapper clipped them
