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
