"""fix15a: run.json's git outside any repository keeps the code files' own repository state (tester15a-4), and its
command under ``python -m gym_loop`` is one that runs (tester15a-11)."""

import sys
import types

from gym_loop.errors import command_line
from gym_loop.provenance import git_state
from gym_loop.sweeps.runinfo import _git_shown
from test_provenance_fix7a import git, repo


def test_outside_git_the_code_files_repository_is_recorded(tmp_path, monkeypatch):
    (tmp_path / "proj").mkdir()
    repo(tmp_path / "proj")
    (tmp_path / "scratch").mkdir()
    monkeypatch.chdir(tmp_path / "scratch")
    state = git_state([tmp_path / "proj" / "count.py"])
    commit = git(tmp_path / "proj", "rev-parse", "HEAD")
    assert state == {"commit": None, "dirty": None,
                     "outside": {str((tmp_path / "proj" / "count.py").resolve()): {"commit": commit, "dirty": False}}}
    assert _git_shown(state) == ""
    (tmp_path / "scratch" / "local.py").write_text("")
    assert git_state([tmp_path / "scratch" / "local.py"]) is None  # no file in a repository: as before


def test_the_command_under_python_m_names_the_interpreter(monkeypatch):
    monkeypatch.setattr(sys, "argv", ["/x/gym_loop/__main__.py", "train", "-c", "s.yaml"])
    main = types.ModuleType("__main__")
    main.__spec__ = types.SimpleNamespace(name="gym_loop.__main__")
    monkeypatch.setitem(sys.modules, "__main__", main)
    assert command_line() == [sys.executable, "-m", "gym_loop", "train", "-c", "s.yaml"]
    main.__spec__ = None
    monkeypatch.setattr(sys, "argv", ["/venv/bin/gym-loop", "train"])
    assert command_line() == ["/venv/bin/gym-loop", "train"]
