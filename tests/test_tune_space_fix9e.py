"""tune --space of an empty or comments-only file says what a space holds, not to write a run spec into it
(tester9e-6)."""

import pytest

from conftest import run_cli
from test_tune import frozen_lake

pytest.importorskip("optuna")


@pytest.mark.parametrize("text", ["", "# todo\n"])
def test_an_empty_space_file_says_what_to_write(tmp_path, text):
    (tmp_path / "space.yaml").write_text(text)
    result = run_cli("tune", "-c", frozen_lake(tmp_path), "--space", "space.yaml", "--trials", 1, "--seeds", 0,
                     cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr == ("Error: space.yaml is empty; write spec keys with their distributions, e.g. "
                             "agent.parameters.learning_rate: {float: [0.001, 1.0], log: true}\n")
