"""A sweep's reward_threshold warning names every threshold its configs set, not the first with the count of all
(tester13b-6)."""

import pytest

from conftest import make_spec, run_cli, write_spec


@pytest.mark.parametrize("axis, named", [
    (("--grid", "loop.parameters.reward_threshold=[0.5, null, 0.9]", "--grid",
      "loop.parameters.max_episode_len=[20, 50]"), "0.5 or 0.9 in 4 of 6 configs"),
    (("--zip", "env.name,loop.parameters.reward_threshold=[[FrozenLake-v1, env], [CliffWalking-v1, -5]]"),
     "env or -5 in 2 of 2 configs"),
    (("--grid", "loop.parameters.max_episode_len=[20, 50]", "--set", "loop.parameters.reward_threshold=0.5"),
     "0.5 in 2 of 2 configs")])
def test_the_threshold_warning_names_each_value_set(tmp_path, axis, named):
    write_spec(tmp_path / "s.yaml", make_spec("FrozenLake-v1", max_episodes=2, episodes_per_eval=1, eval_episodes=1))
    result = run_cli("sweep", "-c", "s.yaml", "--seeds", "0", *axis, "--dry-run", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    warned = [line for line in result.stderr.splitlines() if "reward_threshold is" in line]
    assert len(warned) == 1 and warned[0].startswith(f"WARNING: loop.parameters.reward_threshold is {named}: "), warned
