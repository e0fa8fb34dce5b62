"""fix12g: a by-name module agent (``pkg.agent:Agent``) resolved after an ``os.chdir`` in one Python process is the
working directory's, as a new process there imports it, not a module of that name in a folder gym-loop put on
``sys.path`` for an earlier run (tester12g-1). In a subprocess: its own sys.path and modules."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).parent.parent

AGENT = "from gym_loop.agents import BaseAgent\nimport pkg\nclass Agent(BaseAgent):\n    WHO = pkg.WHO\n"
SCRIPT = '''
import os
from gym_loop.resolve import module_str_to_class
base = os.getcwd()
os.chdir(os.path.join(base, "B"))
module_str_to_class("modagent:Agent")  # puts B on sys.path
os.chdir(os.path.join(base, "A"))
print("WHO", module_str_to_class("pkg.agent:Agent").WHO)
'''


def test_a_package_agent_after_chdir_is_the_working_directorys(tmp_path):
    for folder in "AB":
        (tmp_path / folder / "pkg").mkdir(parents=True)
        (tmp_path / folder / "modagent.py").write_text("from gym_loop.agents import BaseAgent as Agent\n")
        (tmp_path / folder / "pkg" / "__init__.py").write_text(f"WHO = {folder!r}\n")
        (tmp_path / folder / "pkg" / "agent.py").write_text(AGENT)
    (tmp_path / "script.py").write_text(SCRIPT)
    done = subprocess.run([sys.executable, "script.py"], cwd=tmp_path, capture_output=True, text=True, timeout=60,
                          env={**os.environ, "PYTHONPATH": str(ROOT), "OMP_NUM_THREADS": "1"})
    assert done.returncode == 0, done.stderr
    assert "WHO A" in done.stdout.splitlines()
