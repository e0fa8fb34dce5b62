"""fix14b: aggregate warns that a sweep's configs are of several envs when an axis sets the whole env mapping, as
plot does (tester14b-9)."""

from conftest import make_spec, run_cli, write_spec


def test_an_axis_over_the_whole_env_is_warned_of(tmp_path):
    spec = make_spec("FrozenLake-v1", "gym_loop.agents.random_agent:RandomAgent", max_episodes=1, logdir=None,
                     max_episode_len=5, episodes_per_eval=1, eval_episodes=1)
    write_spec(tmp_path / "s.yaml", spec)
    made = run_cli("-q", "sweep", "-c", "s.yaml", "--seeds", "0", "--grid",
                   "env=[{name: FrozenLake-v1}, {name: CliffWalking-v1}]", cwd=tmp_path)
    assert made.returncode == 0, made.stderr
    done = run_cli("aggregate", "sweeps/s", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "the runs are of 2 envs (CliffWalking-v1, FrozenLake-v1)" in done.stderr, done.stderr
