"""A read-only file system names the option that chooses a writable place, per command (tester9e-4)."""

import errno

import click
import pytest

from gym_loop.cli import CommandFailed, main, run_domain
from gym_loop.errors import GymLoopError, describe


def _read_only(name):
    raise OSError(errno.EROFS, "Read-only file system", name)


def _wrapped(name):
    try:
        _read_only(name)
    except OSError as error:
        raise GymLoopError(describe(error)) from error


@pytest.mark.parametrize("command, fails, option", [("train", _read_only, "--runs-dir DIR"),
                                                    ("eval", _wrapped, "-o/--output DIR"),
                                                    ("sweep", _read_only, "--sweeps-dir DIR"),
                                                    ("create-default", _read_only, "-c/--run-config PATH")])
def test_read_only_names_the_option(command, fails, option):
    ctx = click.Context(main.commands[command], info_name=command)
    with pytest.raises(CommandFailed) as error:
        run_domain(ctx, fails, "out")
    assert error.value.message == ("Read-only file system: out; the file system is read-only: choose a writable place "
                                   f"with {option} (--debug shows the traceback)")
