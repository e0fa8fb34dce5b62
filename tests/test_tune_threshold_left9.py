"""tune's warning that runs stopping at reward_threshold are scored by the number that stopped them reads the search
space too (review8-11): a space over loop.parameters.reward_threshold was not looked at."""

import pytest

from conftest import make_spec, run_cli, write_spec
from test_sweep_fix8d import WARNING

pytest.importorskip("optuna")


@pytest.mark.parametrize("base, space, where", [
    (None, "{categorical: [null, 20.0]}", "20.0 in the space's choices"),
    (30.0, "{float: [10.0, 20.0]}", "10.0 to 20.0 in the space"),
    (30.0, "{categorical: [null]}", None),  # every trial sets it null: the spec's 30.0 plays no part
])
def test_a_threshold_the_space_sets_is_warned_of(tmp_path, base, space, where):
    spec = make_spec(max_episodes=1, episodes_per_eval=1, eval_episodes=1, max_episode_len=5, logdir=None,
                     reward_threshold=base)
    write_spec(tmp_path / "s.yaml", spec)
    (tmp_path / "space.yaml").write_text(f"loop.parameters.reward_threshold: {space}\n")
    result = run_cli("tune", "-c", "s.yaml", "--space", "space.yaml", "--trials", 1, "--seeds", "0", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    warned = [line for line in result.stderr.splitlines() if "biased upward" in line]
    assert warned == ([WARNING.replace("{} in {} of 2 configs", where)] if where else []), result.stderr
