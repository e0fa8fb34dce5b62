"""left7: gym-loop eval builds a Run too, and said what only training needs (the reward_threshold warning);
eval_agent's advice spoke CLI to a Python caller."""

from conftest import make_spec, run_cli, write_spec

WARNING = "WARNING: loop.parameters.reward_threshold: judged by the mean return"


def test_eval_does_not_warn_that_reward_threshold_cannot_stop_a_run(tmp_path):
    spec = make_spec(max_episodes=5, reward_threshold=1000, max_episode_len=5, logdir=None)
    write_spec(tmp_path / "run.yaml", {**spec, "seed": 1})
    result = run_cli("eval", "-c", "run.yaml", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert WARNING not in result.stderr, result.stderr
    trained = run_cli("train", "-c", "run.yaml", "--run-dir", "run", cwd=tmp_path)
    assert WARNING in trained.stderr, trained.stderr  # training still warns
