"""run.json's git state is read by each run (tester7b-1), counts the files the run loaded that git does not hold
(tester7b-2), tells a repository without commits (tester7b-3) and one git cannot read (tester7b-9) from no
repository, and ``runs ls`` marks a dirty tree (tester7b-8)."""

import json
import logging
import subprocess
from pathlib import Path

import pytest

from conftest import make_spec, run_cli
from gym_loop.gym_loop import train_agent

AGENT = """
from gym_loop.agents import BaseAgent

class Count(BaseAgent):
    def act(self, state, episode_num):
        return self.action_space.sample()
"""


def git(cwd, *args):
    return subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True, text=True).stdout.strip()


def repo(path: Path, commit: bool = True) -> Path:
    git(path, "init", "-q", ".")
    git(path, "config", "user.email", "t@t")
    git(path, "config", "user.name", "t")
    (path / "count.py").write_text(AGENT)
    (path / ".gitignore").write_text("eval_logs/\n")
    if commit:
        git(path, "add", "count.py", ".gitignore")
        git(path, "commit", "-qm", "c1")
    return path


def train(name="count.py:Count"):
    run = Path(train_agent(make_spec(agent=name, max_episodes=2)).run_dir)
    return json.loads((run / "run.json").read_text())["git"], sorted(p.name for p in (run / "checkpoints").iterdir()
                                                                      if p.name.startswith("agent-"))


def test_each_run_in_one_process_records_the_git_state_of_its_own_start(tmp_path, monkeypatch):
    monkeypatch.chdir(repo(tmp_path))
    first = git(tmp_path, "rev-parse", "HEAD")
    assert train() == ({"commit": first, "dirty": False}, [f"agent-000002-{first[:8]}"])  # runs/ untracked: clean
    with open(tmp_path / "count.py", "a") as file:
        file.write("# tweak\n")
    assert train()[0] == {"commit": first, "dirty": True}
    git(tmp_path, "commit", "-qam", "tweak")
    second = git(tmp_path, "rev-parse", "HEAD")
    assert train() == ({"commit": second, "dirty": False}, [f"agent-000002-{second[:8]}"])


def test_a_loaded_file_git_does_not_hold_makes_the_run_dirty(tmp_path, monkeypatch):
    monkeypatch.chdir(repo(tmp_path))
    (tmp_path / "newagent.py").write_text(AGENT.replace("class Count", "class NewAgent"))
    state, _ = train("newagent.py:NewAgent")
    assert state == {"commit": git(tmp_path, "rev-parse", "HEAD"), "dirty": True, "untracked": ["newagent.py"]}


def test_a_repository_without_commits_is_not_outside_git(tmp_path, monkeypatch):
    monkeypatch.chdir(repo(tmp_path, commit=False))
    assert train() == ({"commit": None, "dirty": True, "untracked": ["count.py"]}, ["agent-000002"])


def fake_git(tmp_path, monkeypatch, script):
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    if script is not None:
        (bin_dir / "git").write_text(script)
        (bin_dir / "git").chmod(0o755)
    monkeypatch.setenv("PATH", str(bin_dir))


DUBIOUS = """#!/bin/sh
echo "fatal: detected dubious ownership in repository at '$PWD'" >&2
echo "To add an exception for this directory, call:" >&2
echo "" >&2
echo "	git config --global --add safe.directory $PWD" >&2
exit 128
"""


@pytest.mark.parametrize("script, reason, fix", [
    (DUBIOUS, "detected dubious ownership in repository at '{cwd}'", "git config --global --add safe.directory {cwd}"),
    (None, "git is not on the PATH", "install git, or put it on the PATH")], ids=["dubious", "no git"])
def test_a_repository_git_cannot_read_is_recorded_and_warned_of_once(tmp_path, monkeypatch, caplog, script, reason,
                                                                      fix):
    work = tmp_path / "work"
    work.mkdir()
    repo(work)
    monkeypatch.chdir(work)
    fake_git(tmp_path, monkeypatch, script)
    reason, fix = reason.format(cwd=work), fix.format(cwd=work)
    with caplog.at_level(logging.WARNING, logger="gym_loop"):
        assert train() == ({"commit": None, "dirty": None, "error": reason}, ["agent-000002"])
        assert train()[0]["error"] == reason
    warned = [record.getMessage() for record in caplog.records if "git cannot read" in record.getMessage()]
    assert warned == [f"git cannot read the repository of {work} ({reason}): run.json records no commit and "
                      f"checkpoint names get no commit suffix; to record it: {fix}"]


def test_outside_git_nothing_is_recorded_or_warned(tmp_path, monkeypatch, caplog):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "count.py").write_text(AGENT)
    fake_git(tmp_path, monkeypatch, None)  # no git and no .git: nothing to say
    with caplog.at_level(logging.WARNING, logger="gym_loop"):
        assert train() == (None, ["agent-000002"])
    assert not [record for record in caplog.records if "git" in record.getMessage()]


def test_runs_ls_marks_a_dirty_run(tmp_path, monkeypatch):
    monkeypatch.chdir(repo(tmp_path))
    train()
    with open(tmp_path / "count.py", "a") as file:
        file.write("# tweak\n")
    train()
    commit = git(tmp_path, "rev-parse", "HEAD")[:10]
    listed = json.loads(run_cli("runs", "ls", "--format", "json", cwd=tmp_path).stdout)
    assert [row["git"] for row in listed] == [commit, f"{commit}+dirty"]
