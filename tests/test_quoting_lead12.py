"""Commands a message gives to paste have their paths quoted for the shell (tester12e-5, tester12e-6): each test pastes
the advice into bash and checks it does what it says."""

import errno
import os
import shlex
import subprocess
from pathlib import Path

from conftest import GYM_LOOP, make_spec, run_cli, write_spec

from gym_loop.lock import _unusable

AGENT = (
    "from gym_loop.agents import BaseAgent\n"
    "class Walker(BaseAgent):\n"
    "    def act(self, state, episode_num):\n"
    "        return 0\n"
)


def last_line(result: subprocess.CompletedProcess) -> str:
    return result.stderr.strip().splitlines()[-1].removesuffix(" (--debug shows the traceback)")


def test_remove_the_lock_advice_removes_that_lock_alone(tmp_path):
    run = tmp_path / "runs" / "my run-1"
    (run / ".lock").mkdir(parents=True)
    (tmp_path / "runs" / "my").mkdir()  # what an unquoted 'rm -r runs/my run-1/.lock' would remove
    advice = _unusable(Path("runs/my run-1/.lock"), OSError(errno.EISDIR, "Is a directory"))
    command = advice.split("remove it (")[1].split("): it is made again")[0]
    assert command == "rm -r 'runs/my run-1/.lock'"
    assert subprocess.run(["bash", "-c", command], cwd=tmp_path).returncode == 0
    assert not (run / ".lock").exists() and (tmp_path / "runs" / "my").is_dir()


def test_write_a_spec_advice_writes_the_empty_spec_named(tmp_path):
    (tmp_path / "empty spec.yaml").write_text("")
    result = run_cli("train", "-c", "empty spec.yaml", cwd=tmp_path)
    assert result.returncode == 2
    command = last_line(result).split("write a spec with: ")[1]
    assert command.endswith("create-default -c 'empty spec.yaml'")
    path = f"{os.path.dirname(GYM_LOOP)}{os.pathsep}{os.environ['PATH']}"  # the gym-loop the command names
    assert subprocess.run(["bash", "-c", command], cwd=tmp_path, env={**os.environ, "PATH": path}).returncode == 0
    assert "agent:" in (tmp_path / "empty spec.yaml").read_text()


def test_give_that_path_advice_with_a_space_and_a_quote_in_the_folder(tmp_path):
    project = tmp_path / "it's a dir"
    (project / "agents").mkdir(parents=True)
    (project / "agents" / "walker.py").write_text(AGENT)
    spec = make_spec(max_episodes=1)
    spec["agent"] = {"class": "agents/walker.py:Walker", "parameters": {}}
    write_spec(project / "agents" / "run.yaml", spec)
    result = run_cli("train", "-q", "-c", "it's a dir/agents/run.yaml", "--run-dir", "r1", cwd=tmp_path)
    assert result.returncode == 2, result.stderr
    line = last_line(result)
    assert "run from 'it'\"'\"'s a dir'" in line
    setting = line.split("or give that path: ")[1]
    assert shlex.split(setting) == ["--set", "agent.class=it's a dir/agents/walker.py:Walker"]
    pasted = run_cli("train", "-q", "-c", "it's a dir/agents/run.yaml", "--run-dir", "r2", *shlex.split(setting),
                     cwd=tmp_path)
    assert pasted.returncode == 0, pasted.stderr
