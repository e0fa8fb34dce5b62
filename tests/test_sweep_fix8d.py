"""tester8d-11: a sweep whose runs stop at reward_threshold scores them by the evaluation that stopped them."""

from conftest import make_spec, run_cli, write_spec

WARNING = ("WARNING: loop.parameters.reward_threshold is {} in {} of 2 configs: their runs stop as soon as an evaluation "
           "(or the mean of the last 100 training returns) meets it, and are scored by that very number, picked for "
           "being high, so their scores are biased upward; to compare configs, give --set "
           "loop.parameters.reward_threshold=null")


def test_a_sweep_with_a_reward_threshold_warns_that_its_scores_are_selected(tmp_path):
    write_spec(tmp_path / "th.yaml", make_spec(max_episodes=4, episodes_per_eval=2, reward_threshold=20.0))
    grid = ("--grid", "loop.parameters.max_episode_len=[20,50]")
    result = run_cli("sweep", "-c", "th.yaml", "--seeds", "0", *grid, "--dry-run", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert WARNING.format(20.0, 2) in result.stderr.splitlines()
    some = run_cli("sweep", "-c", "th.yaml", "--seeds", "0", "--dry-run", "--grid",
                   "loop.parameters.reward_threshold=[null,30]", cwd=tmp_path)
    assert WARNING.format(30, 1) in some.stderr.splitlines()
    none = run_cli("sweep", "-c", "th.yaml", "--seeds", "0", *grid, "--dry-run", "--set",
                   "loop.parameters.reward_threshold=null", cwd=tmp_path)
    assert none.returncode == 0 and "reward_threshold is" not in none.stderr
