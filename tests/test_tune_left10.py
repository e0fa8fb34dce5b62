"""left10: tune checks the base spec as its trials run it (fix9g's leftover: max_episodes null beside a space over
max_steps); sweep's configs.csv shows a whole float as the id does."""

from conftest import make_spec, run_cli, write_spec


def test_tune_with_no_episode_limit_and_a_space_over_max_steps_runs(tmp_path):
    config = write_spec(tmp_path / "r.yaml", make_spec(max_episodes=5, episodes_per_eval=2))
    (tmp_path / "space.yaml").write_text("loop.parameters.max_steps: {int: [20, 30]}\n")
    args = ("tune", "-c", config, "--space", "space.yaml", "--trials", 1, "--seeds", 0, "-q",
            "--set", "loop.parameters.max_episodes=null")
    result = run_cli(*args, "--name", "t1", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "tunes" / "t1" / "trials.csv").read_text().splitlines()[1].startswith("0,COMPLETE,")
    (tmp_path / "space.yaml").write_text("loop.parameters.eval_episodes: {int: [1, 2]}\n")  # no trial has a budget
    alone = run_cli(*args, "--name", "t2", cwd=tmp_path)
    assert alone.returncode == 2 and "needs max_steps" in alone.stderr


def test_sweep_configs_csv_shows_a_whole_float_as_the_id_does():
    from gym_loop.sweeps.plan import Config
    from gym_loop.sweeps.state import configs_csv

    config = Config("max_steps=100-abcdef", (("loop.parameters.max_steps", 100.0), ("agent.parameters.lr", 0.5)))
    assert configs_csv([config]).splitlines()[1] == "max_steps=100-abcdef,100,0.5"
