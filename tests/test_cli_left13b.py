"""left13b: the CLI's leftovers from earlier sessions (fix12d1, fix12d2)."""

import subprocess

import pytest


@pytest.mark.parametrize("command", ["train --help", "eval -h", "create-default --help", "sweep --help",
                                     "runs ls --help", "runs --help", "evaluate --help", "train -q --help"])
def test_help_needs_no_working_directory(tmp_path, command):  # fix12d1: refused when the cwd was deleted
    from conftest import GYM_LOOP

    (tmp_path / "gone").mkdir()
    line = f"cd gone && rmdir ../gone && {GYM_LOOP} {command}"
    result = subprocess.run(["bash", "-c", line], cwd=tmp_path, capture_output=True, text=True, timeout=300)
    assert (result.returncode, result.stderr) == (0, "")
    assert result.stdout.startswith("Usage: ")


@pytest.mark.parametrize("command", ["train -c --help", "train -s --help -c x.yaml"])
def test_help_as_an_option_value_is_no_help(tmp_path, command):  # the cwd is still asked for
    from conftest import GYM_LOOP

    (tmp_path / "gone").mkdir()
    line = f"cd gone && rmdir ../gone && {GYM_LOOP} {command}"
    result = subprocess.run(["bash", "-c", line], cwd=tmp_path, capture_output=True, text=True, timeout=300)
    assert (result.returncode, result.stderr) == (2, f"Error: the working directory {tmp_path / 'gone'} was deleted; "
                                                     "cd to an existing folder and run again\n")


def test_run_json_holds_a_non_ascii_working_directory_as_its_name_under_an_ascii_locale(tmp_path):  # fix12d2's note
    import json
    import os
    import sys

    from conftest import make_spec, write_spec

    here = tmp_path / "dé"
    here.mkdir()
    write_spec(here / "s.yaml", make_spec(max_episodes=2))
    env = {**{key: value for key, value in os.environ.items() if key != "PYTHONIOENCODING"}, "LC_ALL": "C",
           "PYTHONUTF8": "0"}

    def ascii_locale(*args, cwd):
        return subprocess.run([sys.executable, "-m", "gym_loop", "-q", *args], cwd=cwd, capture_output=True, env=env,
                              timeout=120)

    done = ascii_locale("train", "-c", "s.yaml", "--seed", "1", "--run-dir", "../r", cwd=here)
    assert done.returncode == 0, done.stderr
    record = json.loads((tmp_path / "r" / "run.json").read_text(encoding="utf-8"))
    assert record["cwd"] == str(here)  # not '.../d\udcc3\udca9': what another program reading run.json would show
    resumed = ascii_locale("train", "--resume", "r", "--set", "loop.parameters.max_episodes=3", cwd=tmp_path)
    assert resumed.returncode == 0, resumed.stderr  # run.json's cwd read back as the folder's name here
    assert json.loads((tmp_path / "r" / "run.json").read_text(encoding="utf-8"))["resumed"]
