"""tester15f-2, -15, -16: an agent's exception message that is huge, has several lines, a carriage return, a
__str__ that raises, or is a BdbQuit (a breakpoint() with no terminal) is told in one readable line."""

import json

import pytest

from tests.conftest import make_spec, run_cli, write_spec

AGENT = """
from gym_loop.agents import BaseAgent
class BadStr(Exception):
    def __str__(self):
        raise RuntimeError("str broke")
class Fault(BaseAgent):
    @staticmethod
    def get_default_parameters():
        return {"kind": "huge"}
    def act(self, state, episode_num):
        if self.kind == "huge": raise ValueError("x" * 100000)
        if self.kind == "multiline": raise ValueError("line1\\nline2\\nline3")
        if self.kind == "cr": raise ValueError("progress\\rdone")
        if self.kind == "badstr": raise BadStr()
        if self.kind == "bp": breakpoint()
        return 1
"""


@pytest.mark.parametrize("kind, said", [
    ("huge", f"ValueError: {'x' * 500}... (--debug shows the traceback)\n"),
    ("multiline", "ValueError: line1 (--debug shows the rest and the traceback)\n"),
    ("cr", "ValueError: progress\\rdone (--debug shows the traceback)\n"),
    ("badstr", "BadStr (its message could not be shown: its __str__ raised RuntimeError) (--debug shows the "
               "traceback)\n"),
    ("bp", "BdbQuit (a breakpoint() or pdb.set_trace() in the code, with no terminal to debug from: remove it, or set "
           "PYTHONBREAKPOINT=0 to skip it) (--debug shows the traceback)\n")])
def test_one_readable_line(tmp_path, kind, said):
    (tmp_path / "fault.py").write_text(AGENT)
    write_spec(tmp_path / "run.yaml", make_spec(agent=f"{tmp_path / 'fault.py'}:Fault", max_episodes=2))
    done = run_cli("train", "-c", "run.yaml", "--run-dir", "r", "--set", f"agent.parameters.kind={kind}",
                   cwd=tmp_path, env={"PYTHONBREAKPOINT": ""})
    assert done.returncode == 1, done.stderr
    assert f"Error: agent.act failed at episode 0, step 1: {said}" in done.stderr, done.stderr[-2000:]
    reason = json.loads((tmp_path / "r" / "run.json").read_text())["reason"]
    assert "\n" not in reason and len(reason) < 1000, reason[:2000]
    listed = run_cli("runs", "ls", ".", cwd=tmp_path)
    assert listed.returncode == 0 and len(listed.stdout.splitlines()) == 3, listed.stdout[:2000]
