"""fix12d1: the CLI's own rules (tester12d-7 / tester12b-6: a read-only folder to continue)."""

import errno
from pathlib import Path

import pytest

from gym_loop import cli


def failed(command, params, path):
    ctx = cli.click.Context(command, info_name=command.name)
    ctx.params = params

    def write():
        raise OSError(errno.EROFS, "Read-only file system", path)

    with ctx, pytest.raises(cli.click.ClickException) as failure:
        cli.run_domain(ctx, write)
    return failure.value.format_message().removesuffix(" (--debug shows the traceback)")


def test_a_read_only_folder_to_continue_is_copied_not_moved_with_an_option_the_command_refuses():
    from gym_loop.sweeps.commands import sweep_command

    resumed = failed(cli.train, {"resume": Path("run1"), "runs_dir": None}, "run1/.lock")
    assert "--runs-dir" not in resumed
    assert resumed.endswith("copy the run there and resume the copy: mkdir -p DIR && cp -r run1 DIR/run1 && "
                            "gym-loop train --resume DIR/run1")
    continued = failed(sweep_command, {"sweep_dir": Path("sweeps/a b")}, "sweeps/a b/lock")
    assert "--sweeps-dir" not in continued
    assert continued.endswith("cp -r 'sweeps/a b' 'DIR/a b' && gym-loop sweep 'DIR/a b'")
    assert failed(cli.train, {"resume": None}, "runs").endswith("choose a writable place with --runs-dir DIR")
    assert failed(sweep_command, {"sweep_dir": None}, "sweeps").endswith("with --sweeps-dir DIR")
    from gym_loop.tuning.commands import tune_command  # a tune continues in a copy given with --tunes-dir

    assert failed(tune_command, {}, "tunes/t/lock").endswith(
        "choose a writable place with --tunes-dir DIR (to continue a tune, copy its folder into DIR first)")


@pytest.mark.parametrize("command", ["create-default", "train -c {spec}", "eval -c {spec}", "sweep -c {spec} --seeds 0",
                                     "tune -c {spec} --space {spec}", "runs ls {spec}"])
def test_a_deleted_working_directory_is_one_line_before_anything_is_made(tmp_path, command):
    import subprocess

    from conftest import GYM_LOOP, make_spec, write_spec

    spec = write_spec(tmp_path / "s.yaml", make_spec(max_episodes=1))
    (tmp_path / "gone").mkdir()
    line = f"cd gone && rmdir ../gone && {GYM_LOOP} {command.format(spec=spec)}"
    result = subprocess.run(["bash", "-c", line], cwd=tmp_path, capture_output=True, text=True, timeout=300)
    assert (result.returncode, result.stderr) == (2, f"Error: the working directory {tmp_path / 'gone'} was deleted; "
                                                     "cd to an existing folder and run again\n")
    assert sorted(path.name for path in tmp_path.iterdir()) == ["s.yaml"]


def test_help_is_the_same_under_python_oo(tmp_path):  # tester12d-3: -OO strips docstrings, click's help source
    import subprocess
    import sys

    def helps(*flags):
        commands = ["", "train", "tune", "plot", "runs ls"]  # one of each file of commands
        return [subprocess.run([sys.executable, *flags, "-m", "gym_loop", *command.split(), "--help"], cwd=tmp_path,
                               capture_output=True, text=True, timeout=120).stdout for command in commands]

    plain, optimized = helps(), helps("-OO")
    assert plain == optimized
    assert "Start here:" in optimized[0] and "Train the agent of a run spec" in optimized[1]
