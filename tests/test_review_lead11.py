"""review11's findings on the session's changes: a module imported again only when the working directory changed
(review11-3), gym-loop itself never an agent file's sibling (review11-1), the async vector env's worker marked
also when it is the user's, and not its own children (review11-4)."""

import multiprocessing
import subprocess
import sys
from pathlib import Path

import pytest

import gym_loop
from gym_loop import resolve
from gym_loop.schedule import on_signal

SCRIPT = '''
import sys
sys.path[:] = [p for p in sys.path if p not in ("", ".")]  # as the console script: the working directory not on it
from gym_loop.resolve import resolve_class
A = resolve_class("agents/my_agent.py:A")
P = resolve_class("helpers:P")
print(A.helper, P.who, resolve_class("agents/my_agent.py:A") is A)
'''


def test_one_process_in_one_folder_imports_each_module_once(tmp_path):
    """The agent's helpers.py and the working directory's, both imported by name: as gym-loop 40b01e7 did, the first
    one stays (a warning and the agent file executed again were the new code's, with nothing moved or edited)."""
    (tmp_path / "agents").mkdir()
    (tmp_path / "agents" / "helpers.py").write_text("WHO = 'agents'\nclass P:\n    who = 'agents'\n")
    (tmp_path / "agents" / "my_agent.py").write_text("import helpers\nclass A:\n    helper = helpers.WHO\n")
    (tmp_path / "helpers.py").write_text("class P:\n    who = 'cwd'\n")
    done = subprocess.run([sys.executable, "-c", SCRIPT], cwd=tmp_path, capture_output=True, text=True, timeout=60)
    assert done.stdout.split() == ["agents", "agents", "True"], done.stderr
    assert "WARNING" not in done.stderr and "importing" not in done.stderr


def test_gym_loop_itself_is_no_agent_files_sibling():
    """An agent file beside gym-loop's checkout: an edit of gym-loop must not make it forget and import itself."""
    beside = str(Path(gym_loop.__file__).parent.parent)
    assert not [name for name in resolve._modules_of(beside) if name.partition(".")[0] == "gym_loop"]


def _child_flag(queue):
    queue.put(("child", on_signal._IN_RUN_WORKER))


def _worker(queue):
    queue.put(("worker", on_signal._IN_RUN_WORKER))
    child = multiprocessing.get_context("fork").Process(target=_child_flag, args=(queue,))
    child.start()
    child.join(30)


@pytest.mark.skipif("fork" not in multiprocessing.get_all_start_methods(), reason="a forked process")
def test_a_users_own_worker_is_marked_and_what_it_forks_is_not():
    context = multiprocessing.get_context("fork")
    queue = context.Queue()
    worker = context.Process(target=on_signal.run_worker, args=(queue,), kwargs={"worker": _worker})
    worker.start()
    assert dict([queue.get(timeout=30), queue.get(timeout=30)]) == {"worker": True, "child": False}  # any order
    worker.join(30)
