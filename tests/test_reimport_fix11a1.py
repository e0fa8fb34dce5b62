"""fix11a1: classes and modules cached across runs of one Python process (a notebook, a driver script): a class of
``__main__`` redefined (tester11a-6, -14), modules another folder's or another env module's (tester11a-3, -5), a
``__main__`` class's code digest (tester11a-8), an env registered in ``__main__`` (tester11a-9), a checkpoint's
namedtuple found in the agent's module (tester11a-2, -15). Each in a subprocess: its own ``__main__`` and modules."""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).parent.parent


def run_script(cwd: Path, text: str, *args: str) -> subprocess.CompletedProcess:
    (cwd / "script.py").write_text(text)
    done = subprocess.run([sys.executable, "script.py", *args], cwd=cwd, capture_output=True, text=True, timeout=120,
                          env={**os.environ, "PYTHONPATH": str(ROOT), "OMP_NUM_THREADS": "1"})
    assert done.returncode == 0, done.stderr
    return done


def lines(done: subprocess.CompletedProcess, tag: str) -> list:
    return [json.loads(line[len(tag):]) for line in done.stdout.splitlines() if line.startswith(tag)]


MAIN_REDEFINED = '''
from gym_loop.agents import BaseAgent
from gym_loop.gym_loop import train_agent, get_default_params, module_str_to_class
from gym_loop.errors import GymLoopError
import json
def lengths(run):
    return [int(row.split(",")[3]) for row in open(f"{run}/episodes.csv").read().split()[1:]]
class NB(BaseAgent):
    def act(self, state, episode_num):
        if episode_num == 3: raise ValueError("bug in act")
        return 0
spec = get_default_params("__main__:NB", "gym_loop.loops.default_loop:DefaultLoop")
spec["env"]["name"] = "CartPole-v1"; spec["seed"] = 1
spec["loop"]["parameters"].update(max_episodes=5, episodes_per_checkpoint=2, logdir=None)
try: train_agent(spec, run_dir="run1")
except GymLoopError as e: print("FAILED", json.dumps(str(e)))
class NB(BaseAgent):  # the cell, fixed and run again, with a new parameter
    @staticmethod
    def get_default_parameters(): return {"marker": 7}
    def act(self, state, episode_num):
        return 0
print("SAME", json.dumps(module_str_to_class("__main__:NB") is NB))
print("DEFAULTS", json.dumps(get_default_params("__main__:NB", "gym_loop.loops.default_loop:DefaultLoop")["agent"]["parameters"]))
print("RESUMED", json.dumps(str(train_agent(None, resume="run1").status)))
print("LENGTHS", json.dumps(lengths("run1")))
for typo in ("Nb", "Zzz"):
    try: get_default_params(f"__main__:{typo}", "gym_loop.loops.default_loop:DefaultLoop")
    except Exception as e: print("TYPO", json.dumps(str(e)))
'''


def test_a_main_class_defined_again_is_the_one_trained(tmp_path):
    done = run_script(tmp_path, MAIN_REDEFINED)
    assert "bug in act" in lines(done, "FAILED ")[0]
    assert lines(done, "SAME ") == [True]
    assert lines(done, "DEFAULTS ") == [{"marker": 7}]
    assert lines(done, "RESUMED ") == ["finished"]  # the fixed class resumed, not the one that failed again
    assert len(lines(done, "LENGTHS ")[0]) == 5
    typo, missing = lines(done, "TYPO ")
    assert typo == "__main__ has no class 'Nb'; did you mean 'NB'?"
    assert missing.startswith("__main__ has no class 'Zzz': define it (run its cell) before this call")
