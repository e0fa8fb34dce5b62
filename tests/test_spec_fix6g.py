"""A path parameter given as an integer in the spec or --set is the folder of that name (tester6d #3)."""

import yaml

from conftest import make_spec, run_cli, write_spec


def test_an_integer_runs_dir_in_the_spec_and_an_integer_checkpoint_dir_in_set_are_folders(tmp_path):
    spec = make_spec(max_episodes=2, episodes_per_checkpoint=1)
    spec["runs_dir"] = 2029
    write_spec(tmp_path / "year.yaml", spec)
    result = run_cli("train", "-c", "year.yaml", "--set", "loop.parameters.checkpoint_dir=5", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    (run,) = (tmp_path / "2029").iterdir()
    assert (run / "5" / "latest").is_file()
    written = yaml.safe_load((run / "spec.yaml").read_text())
    assert written["runs_dir"] == "2029" and written["loop"]["parameters"]["checkpoint_dir"] == "5"
