"""A class file under ~ that is not there names where ~ pointed (tester9e-24: HOME differs under sudo, cron, a Ray
worker), and ~user of no user is one line, not a traceback."""

import pytest

from conftest import make_spec, run_cli, write_spec


@pytest.mark.parametrize("path, said", [("~/my_agent.py", "~ is {home}, HOME"),
                                        ("~nobody7x/a.py", "there is no user nobody7x")])
def test_a_missing_file_under_home_names_home(tmp_path, path, said):
    write_spec(tmp_path / "run.yaml", make_spec(max_episodes=1))
    home = tmp_path / "home"
    result = run_cli("-q", "train", "-c", "run.yaml", "-s", f"agent.class={path}:A", cwd=tmp_path,
                     env={"HOME": str(home)})
    assert result.returncode == 2
    assert result.stderr == f"Error: agent.class: no such file: {path} ({said.format(home=home)}); give its absolute path\n"
