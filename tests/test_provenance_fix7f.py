"""run.json's git state when git status or ls-files fails is unknown, not clean (tester7f-16); a file tracked in a
submodule is in git (tester7f-6); a class of a local module given as ``module:Class`` is checked and digested as a
``file.py:Class`` one (tester7f-14)."""

import json
import logging
import subprocess
from pathlib import Path

from conftest import make_spec
from gym_loop.gym_loop import train_agent

AGENT = """
from gym_loop.agents import BaseAgent

class Count(BaseAgent):
    def act(self, state, episode_num):
        return self.action_space.sample()
"""


def git(cwd, *args):
    return subprocess.run(["git", "-c", "user.email=t@t", "-c", "user.name=t", "-c", "protocol.file.allow=always",
                           *args], cwd=cwd, check=True, capture_output=True, text=True).stdout.strip()


def repo(path: Path) -> Path:
    path.mkdir(exist_ok=True)
    git(path, "init", "-q", ".")
    (path / "count.py").write_text(AGENT)
    (path / ".gitignore").write_text("eval_logs/\n")
    git(path, "add", ".")
    git(path, "commit", "-qm", "c1")
    return path


def train(name="count.py:Count"):
    run = Path(train_agent(make_spec(agent=name, max_episodes=2)).run_dir)
    return json.loads((run / "run.json").read_text())


def test_a_git_status_that_fails_leaves_the_state_unknown_not_clean(tmp_path, monkeypatch, caplog):
    monkeypatch.chdir(repo(tmp_path / "work"))
    commit = git(".", "rev-parse", "HEAD")
    with open("count.py", "a") as file:
        file.write("# edited\n")
    Path(".git/index").write_bytes(b"\x07" * 100)  # git status: index file corrupt; rev-parse still works
    with caplog.at_level(logging.WARNING, logger="gym_loop"):
        state = train()["git"]
        assert state == train()["git"]
    assert state["commit"] == commit and state["dirty"] is None and state["error"] and "untracked" not in state
    warned = [record.getMessage() for record in caplog.records if "git cannot read" in record.getMessage()]
    assert len(warned) == 1 and "no dirty flag (dirty: null)" in warned[0], warned


def test_a_file_tracked_in_a_submodule_is_in_git(tmp_path, monkeypatch):
    sub = repo(tmp_path / "sub")
    work = repo(tmp_path / "work")
    git(work, "submodule", "-q", "add", str(sub), "libs")
    git(work, "commit", "-qm", "sub")
    monkeypatch.chdir(work)
    assert train("libs/count.py:Count")["git"] == {"commit": git(work, "rev-parse", "HEAD"), "dirty": False}


def test_a_class_of_a_local_module_is_checked_and_digested_as_a_file_class(tmp_path, monkeypatch):
    monkeypatch.chdir(repo(tmp_path / "work"))
    (tmp_path / "work" / "localmod7f.py").write_text(AGENT)  # untracked
    monkeypatch.syspath_prepend(str(tmp_path / "work"))
    record = train("localmod7f:Count")
    digest = __import__("hashlib").sha256(AGENT.encode()).hexdigest()
    assert record["git"] == {"commit": git(".", "rev-parse", "HEAD"), "dirty": True, "untracked": ["localmod7f.py"]}
    assert record["code"] == {"agent": digest}
    assert train("gym_loop.agents.random_agent:RandomAgent")["code"] == {}  # gym-loop's own: its version says it


def test_the_reason_recorded_is_gits_fatal_line(tmp_path, monkeypatch):
    monkeypatch.chdir(repo(tmp_path / "work"))
    Path(".git/index").write_bytes(b"DIRC" + b"\x07" * 96)  # error: bad signature..., fatal: index file corrupt
    assert train()["git"]["error"] == "index file corrupt"
