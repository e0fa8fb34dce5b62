"""fix12d1: GIT_DIR (a git hook's, a shell's) does not make run.json record another repository than the working
directory's (tester12d-20)."""

import subprocess

from gym_loop import provenance


def test_git_dir_in_the_environment_is_not_followed(tmp_path, monkeypatch):
    other = tmp_path / "other"
    other.mkdir()
    git = ["git", "-c", "user.email=a@b", "-c", "user.name=t"]
    subprocess.run([*git, "init", "-q", str(other)], check=True)
    (other / "f").write_text("x")
    subprocess.run([*git, "-C", str(other), "add", "f"], check=True)
    subprocess.run([*git, "-C", str(other), "commit", "-qm", "x"], check=True)
    here = tmp_path / "here"
    here.mkdir()
    monkeypatch.chdir(here)
    monkeypatch.setenv("GIT_DIR", str(other / ".git"))
    monkeypatch.setenv("GIT_WORK_TREE", str(other))
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path))  # here is in no repository (/tmp may be)
    assert provenance._head() is None
