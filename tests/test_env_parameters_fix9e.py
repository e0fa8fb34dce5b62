"""env.parameters: a string or number where the env's constructor has a boolean default is refused (tester9e-19:
is_slippery: "false" built a slippery lake)."""

import pytest

from conftest import make_spec, run_cli, write_spec


@pytest.mark.parametrize("value, shown", [('"false"', '"false"'), ("0", "0")])
def test_a_non_boolean_for_a_boolean_argument_is_refused(tmp_path, value, shown):
    write_spec(tmp_path / "run.yaml", make_spec("FrozenLake-v1", max_episodes=1))
    result = run_cli("-q", "train", "-c", "run.yaml", "-s", f"env.parameters.is_slippery={value}", cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr == f"Error: env.parameters.is_slippery: expected true or false, got {shown}\n"


def test_a_boolean_is_taken(tmp_path):
    write_spec(tmp_path / "run.yaml", make_spec("FrozenLake-v1", max_episodes=1))
    result = run_cli("-q", "train", "-c", "run.yaml", "-s", "env.parameters.is_slippery=false", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
