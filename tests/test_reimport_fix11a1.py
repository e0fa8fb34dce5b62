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


NB_CLASS = '''
from gym_loop.agents import BaseAgent
class NB(BaseAgent):
    def act(self, state, episode_num):
        return {action}
'''
TRAIN_NB = NB_CLASS + '''
from gym_loop.gym_loop import train_agent, get_default_params
spec = get_default_params("__main__:NB", "gym_loop.loops.default_loop:DefaultLoop")
spec["env"]["name"] = "CartPole-v1"; spec["seed"] = 1
spec["loop"]["parameters"].update(max_episodes=2, logdir=None)
train_agent(spec, run_dir="run1")
'''
EVAL_NB = "import sys\nprint('another script', sys.argv)\n" + NB_CLASS + '''
from gym_loop.gym_loop import eval_agent
eval_agent(None, run_dir="run1", checkpoint="latest")
'''


def test_a_main_class_is_recorded_by_its_own_source_not_the_script(tmp_path):
    run_script(tmp_path, TRAIN_NB.format(action=0))
    code = json.loads((tmp_path / "run1" / "run.json").read_text())["code"]
    assert list(code) == ["agent"]  # the class's source; the script's other lines are not the agent
    same = run_script(tmp_path, EVAL_NB.format(action=0))  # another script defining the same class
    assert "changed since the run last trained" not in same.stderr
    other = run_script(tmp_path, EVAL_NB.format(action=1))  # the class edited
    assert "the agent's class __main__:NB changed since the run last trained" in other.stderr


REPLAY = '''
import collections
from gym_loop.agents import BaseAgent
T = collections.namedtuple("T", "s a r")
class NB(BaseAgent):
    def __init__(self, **p):
        super().__init__(**p)
        self.memory = collections.deque(maxlen=100)
    def act(self, state, episode_num):
        return 0
    def memorize(self, last_ob, action, reward, done, ob):
        self.memory.append(T(last_ob, action, reward))
'''
TRAIN_REPLAY = '''
import sys
exec(open("my_classes.py").read())  # the notebook's own class: its namedtuple is __main__.T
from gym_loop.gym_loop import train_agent, get_default_params
spec = get_default_params(sys.argv[1], "gym_loop.loops.default_loop:DefaultLoop")
spec["env"]["name"] = "CartPole-v1"; spec["seed"] = 1
spec["loop"]["parameters"].update(max_episodes=2, logdir=None)
train_agent(spec, run_dir="run1")
'''
INSPECT_REPLAY = '''
import gymnasium as gym, json
from my_classes import NB  # a plain import, in a notebook looking at what the run learned
env = gym.make("CartPole-v1")
agent = NB(observation_space=env.observation_space, action_space=env.action_space)
agent.load("run1/checkpoints/agent-000002/agent.ckpt")
print("LOADED", json.dumps([len(agent.memory), type(agent.memory[0]).__module__]))
'''


def test_a_main_namedtuple_loads_into_the_class_given_from_a_file(tmp_path):
    from conftest import run_cli

    (tmp_path / "my_classes.py").write_text(REPLAY)
    run_script(tmp_path, TRAIN_REPLAY, "__main__:NB")
    evaluated = run_cli("eval", "--run", "run1", "--set", "agent.class=my_classes.py:NB", cwd=tmp_path)
    assert evaluated.returncode == 0, evaluated.stderr
    resumed = run_cli("train", "--resume", "run1", "--set", "agent.class=my_classes.py:NB",
                      "--set", "loop.parameters.max_episodes=3", cwd=tmp_path)
    assert resumed.returncode == 0, resumed.stderr
    assert "changed since" not in resumed.stderr


def test_a_file_agents_namedtuple_loads_into_the_class_imported_by_name(tmp_path):
    (tmp_path / "my_classes.py").write_text(REPLAY)
    run_script(tmp_path, TRAIN_REPLAY, "my_classes.py:NB")  # the module gym_loop_file_my_classes_<digest>
    done = subprocess.run([sys.executable, "-c", INSPECT_REPLAY], cwd=tmp_path, capture_output=True, text=True,
                          timeout=120, env={**os.environ, "PYTHONPATH": f"{ROOT}:{tmp_path}"})
    assert done.returncode == 0, done.stderr
    assert lines(done, "LOADED ") == [[18, "my_classes"]]  # 2 episodes of 9 steps (seed 1, always 0)


MAIN_ENV = '''
import gymnasium as gym
from gymnasium.envs.classic_control import CartPoleEnv
from gym_loop.gym_loop import train_agent, get_default_params
class MyPole(CartPoleEnv):
    pass
gym.register("NBPole-v0", entry_point=MyPole, max_episode_steps=50)
spec = get_default_params("gym_loop.agents.random_agent:RandomAgent", "gym_loop.loops.default_loop:DefaultLoop")
spec["env"]["name"] = "NBPole-v0"; spec["seed"] = 1
spec["loop"]["parameters"].update(max_episodes=1, logdir=None)
train_agent(spec, run_dir="run1")
'''


def test_an_env_registered_in_main_is_warned_of(tmp_path):
    done = run_script(tmp_path, MAIN_ENV)
    assert ("env.name: NBPole-v0 is registered by this notebook or script (__main__), so no other process "
            "can resume or evaluate the run; register it in a module of yours and list that in env.imports"
            ) in done.stderr


HELPER_AGENT = '''
from gym_loop.agents import BaseAgent
import helpers
class Agent(BaseAgent):
    def __init__(self, **p):
        super().__init__(**p)
        print("WHO", json.dumps(helpers.WHO))
    def act(self, state, episode_num):
        return 0
import json
'''
TWO_FOLDERS = '''
import os
from gym_loop.gym_loop import train_agent, get_default_params
def spec(folder):
    s = get_default_params(f"{folder}/agent.py:Agent", "gym_loop.loops.default_loop:DefaultLoop")
    s["env"]["name"] = "CartPole-v1"; s["loop"]["parameters"].update(max_episodes=1, logdir=None)
    return s
train_agent(spec("p1"), run_dir="run-p1")
train_agent(spec("p2"), run_dir="run-p2")
open("p1/helpers.py", "w").write("WHO = 'p1 edited'\\n")  # the helper edited between two runs
train_agent(spec("p1"), run_dir="run-p1b")
train_agent(spec("p1"), run_dir="run-p1c")
'''


def test_each_agent_file_imports_the_helper_beside_it_as_it_is_now(tmp_path):
    for folder in ("p1", "p2"):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "helpers.py").write_text(f"WHO = '{folder}'\n")
        (tmp_path / folder / "agent.py").write_text(HELPER_AGENT)
    done = run_script(tmp_path, TWO_FOLDERS)
    assert lines(done, "WHO ") == ["p1", "p2", "p1 edited", "p1 edited"]
    assert "helpers (imported by p1/agent.py) changed since it was imported in this process" in done.stderr


MODULE_AGENT = '''
from gym_loop.agents import BaseAgent
class MyAgent(BaseAgent):
    def act(self, state, episode_num):
        return {action}
'''
ENVS = '''
import gymnasium as gym
gym.register("Fix11a1Pole-v0", entry_point="gymnasium.envs.classic_control:CartPoleEnv", max_episode_steps={steps})
'''
TWO_PROJECTS = '''
import os, json
from gym_loop.gym_loop import train_agent, get_default_params
def lengths(run):
    return [int(row.split(",")[3]) for row in open(f"{run}/episodes.csv").read().split()[1:]]
for folder in ["p1", "p2", "p1"]:
    os.chdir(os.path.join(os.path.dirname(os.path.abspath(__file__)), folder))  # a notebook's %cd
    spec = get_default_params("mymod:MyAgent", "gym_loop.loops.default_loop:DefaultLoop")
    spec["env"] = {"name": "Fix11a1Pole-v0", "imports": ["myenvs"], "parameters": {}}
    spec["loop"]["parameters"].update(max_episodes=2, logdir=None); spec["seed"] = 0
    train_agent(spec, run_dir="run" if not os.path.exists("run") else "run-again")
    print("RUN", json.dumps([folder, lengths("run-again" if os.path.exists("run-again") else "run"),
                             json.load(open("run/run.json"))["code"]]))
'''
VARIANTS = '''
import json
from gym_loop.gym_loop import train_agent, get_default_params
for i, module in enumerate(["envs_v1", "envs_v2", "envs_v1"]):  # two env variants under one id, used in turn
    spec = get_default_params("gym_loop.agents.random_agent:RandomAgent", "gym_loop.loops.default_loop:DefaultLoop")
    spec["env"] = {"name": "Fix11a1Pole-v0", "imports": [module], "parameters": {}}
    spec["loop"]["parameters"].update(max_episodes=2, logdir=None); spec["seed"] = 0
    train_agent(spec, run_dir=f"run{i}")
    print("RUN", json.dumps(max(int(row.split(",")[3]) for row in open(f"run{i}/episodes.csv").read().split()[1:])))
'''


def test_a_module_by_name_is_the_working_directorys_own(tmp_path):
    import hashlib

    for folder, action, steps in (("p1", 0, 5), ("p2", 1, 50)):  # p1: always left, 5 steps; p2: always right
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "mymod.py").write_text(MODULE_AGENT.format(action=action))
        (tmp_path / folder / "myenvs.py").write_text(ENVS.format(steps=steps))
    done = run_script(tmp_path, TWO_PROJECTS)
    runs = lines(done, "RUN ")
    assert [(folder, max(lengths) <= 5) for folder, lengths, _ in runs] == [("p1", True), ("p2", False), ("p1", True)]
    for folder, _, code in runs:
        assert code == {name: hashlib.sha256((tmp_path / folder / f"{file}.py").read_bytes()).hexdigest()
                        for name, file in (("agent", "mymod"), ("env", "myenvs"))}
    assert "myenvs: importing " in done.stderr and "(another folder's)" in done.stderr


def test_an_env_module_is_imported_again_when_another_registered_its_env_since(tmp_path):
    (tmp_path / "envs_v1.py").write_text(ENVS.format(steps=5))
    (tmp_path / "envs_v2.py").write_text(ENVS.format(steps=50))
    done = run_script(tmp_path, VARIANTS)
    longest = lines(done, "RUN ")
    assert longest[0] == longest[2] == 5 and longest[1] > 5
    assert ("envs_v1: an env it registered (Fix11a1Pole-v0) was registered again since by other code: importing "
            "envs_v1 again") in done.stderr
