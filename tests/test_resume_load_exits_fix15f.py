"""tester15f-3, -4: sys.exit() or a KeyboardInterrupt raised by agent.load while resuming (or by the agent's
constructor) is named, and the run is said to be as it was; no Ctrl-C is claimed."""

import json

import pytest

from tests.conftest import make_spec, run_cli, write_spec

FAULT = """
import sys
from gym_loop.agents import BaseAgent
def boom(kind):
    if kind == "sysexit": sys.exit(3)
    if kind == "kbi": raise KeyboardInterrupt()
class Fault(BaseAgent):
    @staticmethod
    def get_default_parameters():
        return {"method": "none", "kind": "none"}
    def __init__(self, **params):
        super().__init__(**params)
        if self.method == "init":
            boom(self.kind)
    def act(self, state, episode_num):
        return 1
    def load(self, path):
        if self.method == "load":
            boom(self.kind)
        super().load(path)
"""


def _finished_run(tmp_path):
    (tmp_path / "fault.py").write_text(FAULT)
    write_spec(tmp_path / "run.yaml", make_spec(agent=f"{tmp_path / 'fault.py'}:Fault", max_episodes=2))
    assert run_cli("train", "-c", "run.yaml", "--run-dir", "r", cwd=tmp_path).returncode == 0


@pytest.mark.parametrize("kind, said", [
    ("sysexit", "agent.load called sys.exit(3) during the resume, for r/checkpoints/agent-000002; run the same command "
                "again (the resume had not begun: the run is as it was)"),
    ("kbi", "KeyboardInterrupt was raised by agent.load, for r/checkpoints/agent-000002, not by Ctrl-C; the run is "
            "as it was")])
def test_load_exiting_or_raising_keyboard_interrupt_while_resuming(tmp_path, kind, said):
    _finished_run(tmp_path)
    done = run_cli("train", "--resume", "r", "--set", "agent.parameters.method=load", "--set",
                   f"agent.parameters.kind={kind}", "--set", "loop.parameters.max_episodes=4", cwd=tmp_path)
    assert done.returncode == 1, done.stderr
    assert f"Error: {said} (--debug shows the traceback)\n" in done.stderr, done.stderr
    assert json.loads((tmp_path / "r" / "run.json").read_text())["status"] == "finished"


def test_keyboard_interrupt_raised_by_the_constructor(tmp_path):
    _finished_run(tmp_path)
    done = run_cli("train", "-c", "run.yaml", "--run-dir", "n", "--set", "agent.parameters.method=init", "--set",
                   "agent.parameters.kind=kbi", cwd=tmp_path)
    assert done.returncode == 1, done.stderr
    assert ("Error: KeyboardInterrupt was raised by Fault.__init__, not by Ctrl-C; the run failed (--debug shows the "
            "traceback)\n") in done.stderr, done.stderr
    run = json.loads((tmp_path / "n" / "run.json").read_text())
    assert run["status"] == "failed" and run["reason"].startswith("KeyboardInterrupt was raised by Fault.__init__")
