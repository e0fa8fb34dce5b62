"""On Windows gym-loop says in one line where it runs, instead of a traceback at import (tester15d-3)."""

import runpy
import sys

import pytest

import gym_loop
from gym_loop import entry


def test_gym_loop_on_windows_says_where_it_runs(monkeypatch, capsys):
    monkeypatch.setattr(sys, "platform", "win32")
    with pytest.raises(SystemExit) as exited:
        entry.main()
    assert exited.value.code == 1
    assert capsys.readouterr().err == ("Error: gym-loop runs on Linux and macOS, not on Windows; install and run it "
                                       "in WSL (Windows Subsystem for Linux)\n")


def test_the_python_api_on_windows_raises_that_as_an_import_error(monkeypatch):
    monkeypatch.setattr(sys, "platform", "win32")
    with pytest.raises(ImportError, match="^gym-loop runs on Linux and macOS, not on Windows; install and run it"):
        runpy.run_path(str(gym_loop.__path__[0] + "/errors.py"))
