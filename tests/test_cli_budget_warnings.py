"""train warns when random_episodes leaves the agent nothing to do (tester4a #16)."""

import pytest

from conftest import make_spec, run_cli, write_spec


@pytest.mark.parametrize("random_episodes, warned", [(3, True), (5, True), (2, False)])
def test_random_episodes_not_below_max_episodes_is_warned_about(tmp_path, random_episodes, warned):
    write_spec(tmp_path / "run.yaml", make_spec(max_episodes=3, random_episodes=random_episodes))
    result = run_cli("-q", "train", "-c", "run.yaml", "--run-dir", "run", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    warning = (f"WARNING: loop.parameters.random_episodes: {random_episodes} is not below max_episodes (3): every "
               "episode plays random actions, so the agent never acts nor updates; lower random_episodes to train it")
    assert (warning in result.stderr.splitlines()) == warned, result.stderr
