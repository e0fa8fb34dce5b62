"""fix14e: a notebook's own imports of an agent file's folder (tester14e-5). gym-loop's re-import of an edited
agent file forgets only the modules it imported itself: the user's `import my_agent` (the same file under its own
name) and a helper the notebook imported that the agent never did stay in sys.modules, untouched. Run in a
subprocess: modules are imported once per process."""

import json
import subprocess
import sys
from pathlib import Path

SCRIPT = '''import json, logging, pathlib, sys
logging.basicConfig(level=logging.WARNING, format="%(message)s")
sys.path.insert(0, ".")
from gym_loop.resolve import resolve_class
import fx14e_agent, fx14e_nbutils          # the notebook's own imports
mine, nbutils = sys.modules["fx14e_agent"], sys.modules["fx14e_nbutils"]
first = resolve_class("fx14e_agent.py:Agent")

def edit(name, old, new):
    path = pathlib.Path(name)
    path.write_text(path.read_text().replace(old, new))

out = {"first": first().value()}
edit("fx14e_nbutils.py", "VERSION = 1", "VERSION = 2")     # the notebook's helper: the agent never imported it
out["same class after nbutils edit"] = resolve_class("fx14e_agent.py:Agent") is first
edit("fx14e_helpers.py", "STEP = 1", "STEP = 5")           # the agent's own helper: imported again with it
second = resolve_class("fx14e_agent.py:Agent")
out["after helpers edit"] = second().value()
edit("fx14e_agent.py", "* 1", "* 3")                        # the agent file itself
out["after agent edit"] = resolve_class("fx14e_agent.py:Agent")().value()
out["mine kept"] = sys.modules.get("fx14e_agent") is mine
out["nbutils kept"] = sys.modules.get("fx14e_nbutils") is nbutils
import fx14e_agent as again
out["import gives the same module"] = again is mine
own = resolve_class("fx14e_own.py:Agent")                 # its helper imported by gym-loop only
edit("fx14e_ownhelp.py", "STEP = 1", "STEP = 7")
out["own helper edited"] = resolve_class("fx14e_own.py:Agent")().value()
out["own helper imported anew"] = sys.modules["fx14e_ownhelp"].STEP
print(json.dumps(out))
'''


def test_reimport_forgets_only_gym_loops_own_modules(tmp_path):
    (tmp_path / "fx14e_helpers.py").write_text("STEP = 1\n")
    (tmp_path / "fx14e_nbutils.py").write_text("VERSION = 1\n")
    (tmp_path / "fx14e_agent.py").write_text(
        "import fx14e_helpers\nclass Agent:\n    def value(self):\n        return fx14e_helpers.STEP * 1\n")
    (tmp_path / "fx14e_ownhelp.py").write_text("STEP = 1\n")
    (tmp_path / "fx14e_own.py").write_text(
        "from fx14e_ownhelp import STEP\nclass Agent:\n    def value(self):\n        return STEP\n")
    (tmp_path / "t.py").write_text(SCRIPT)
    done = subprocess.run([sys.executable, "t.py"], cwd=tmp_path, capture_output=True, text=True, timeout=60,
                          env={**__import__("os").environ, "PYTHONPATH": str(Path.cwd())})
    assert done.returncode == 0, done.stderr
    out = json.loads(done.stdout.splitlines()[-1])
    assert out == {"first": 1, "same class after nbutils edit": True, "after helpers edit": 5,
                   "after agent edit": 15, "mine kept": True, "nbutils kept": True,
                   "import gives the same module": True, "own helper edited": 7,
                   "own helper imported anew": 7}, done.stderr
    assert "fx14e_nbutils" not in done.stderr  # never named as imported by the agent file
    assert "fx14e_helpers (imported by fx14e_agent.py) changed since it was imported in this process" in done.stderr
