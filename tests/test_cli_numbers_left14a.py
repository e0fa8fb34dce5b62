"""``tune --timeout`` refuses nan and inf as plot's --width and --height do, in one line (note16: not checked)."""

import pytest

from conftest import make_spec, run_cli, write_spec


@pytest.mark.parametrize("value", ["nan", "inf", "-inf"])
def test_tune_timeout_must_be_a_finite_number(tmp_path, value):
    write_spec(tmp_path / "run.yaml", make_spec())
    (tmp_path / "space.yaml").write_text("agent.parameters.learning_rate: {float: [0.01, 0.1]}\n")
    result = run_cli("tune", "-c", "run.yaml", "--space", "space.yaml", "--trials", "1", f"--timeout={value}",
                     cwd=tmp_path)
    assert result.returncode == 2, result.stderr
    assert result.stderr.strip() == (
        f"Error: Invalid value for '--timeout': {value} is not a finite number; give seconds above 0, or leave "
        "--timeout out for no limit (see gym-loop tune --help)"), result.stderr
    assert not (tmp_path / "tunes").exists()


def test_tune_timeout_below_zero_keeps_clicks_message(tmp_path):
    write_spec(tmp_path / "run.yaml", make_spec())
    (tmp_path / "space.yaml").write_text("agent.parameters.learning_rate: {float: [0.01, 0.1]}\n")
    result = run_cli("tune", "-c", "run.yaml", "--space", "space.yaml", "--trials", "1", "--timeout", "-1",
                     cwd=tmp_path)
    assert result.returncode == 2 and "-1.0 is not in the range x>0" in result.stderr, result.stderr
