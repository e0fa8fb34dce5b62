"""sweep: max_episodes null in the base with a grid over max_steps runs, the base spec being checked with a config's
values in (tester9g-3)."""

from conftest import make_spec, run_cli, write_spec


def test_grid_over_max_steps_with_no_episode_limit(tmp_path):
    config = write_spec(tmp_path / "r.yaml", make_spec(max_episodes=5))
    args = ("sweep", "-c", config, "--seeds", 0, "--grid", "loop.parameters.max_steps=[30,40]",
            "--set", "loop.parameters.max_episodes=null", "--name", "g1", "-q", "-j", 1)
    result = run_cli(*args, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    runs = sorted((tmp_path / "sweeps" / "g1" / "runs").iterdir())
    assert [run.name.split("-")[0] for run in runs] == ["max_steps=30", "max_steps=40"]
    alone = run_cli("sweep", "-c", config, "--seeds", 0, "--set", "loop.parameters.max_episodes=null",
                    "--name", "g2", "--dry-run", cwd=tmp_path)  # no config gives max_steps: refused as before
    assert alone.returncode == 2 and "needs max_steps" in alone.stderr and "(config" not in alone.stderr
