"""sweep: a whole-number float grid value (1e2) shows as 100 in --dry-run and aggregate.csv, as in the run id and
the run's spec (tester9g-4); the plan's runs still get the values as given."""

from conftest import make_spec, run_cli, write_spec
from gym_loop.sweeps.plan import Config
from gym_loop.sweeps.scores import aggregate_table


def test_dry_run_shows_whole_numbers(tmp_path):
    spec = make_spec(max_episodes=None, max_steps=50)
    spec["loop"]["parameters"].pop("max_episodes")
    config = write_spec(tmp_path / "r.yaml", spec)
    result = run_cli("sweep", "-c", config, "--seeds", 0, "--grid", "loop.parameters.max_steps=[1e2,2.0e2]",
                     "--name", "g", "--dry-run", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    shown = [line.split()[-1] for line in result.stdout.splitlines()[2:]]
    assert shown == ["loop.parameters.max_steps=100", "loop.parameters.max_steps=200"], result.stdout


def test_aggregate_table_shows_whole_numbers():
    config = Config("max_steps=100-abcdef", (("loop.parameters.max_steps", 100.0),))
    assert config.assignments() == ["loop.parameters.max_steps=100.0"]  # what the runs are given: unchanged
    _, rows = aggregate_table({config.id: {}}, [config])
    assert rows[0]["loop.parameters.max_steps"] == 100 and type(rows[0]["loop.parameters.max_steps"]) is int
