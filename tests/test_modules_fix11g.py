"""fix11g: modules cached across runs of one Python process (a notebook, a driver script): a run of another
project evaluated or resumed after ``os.chdir`` imports its own folder's env module (tester11g-6); a helper an
agent file imports inside a method is its own folder's (tester11g-5). Each in a subprocess: its own modules."""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).parent.parent

ENV = '''
import gymnasium as gym, numpy as np
class E(gym.Env):
    R = {reward}
    observation_space = gym.spaces.Box(-1, 1, (1,), np.float32)
    action_space = gym.spaces.Discrete(2)
    def reset(self, seed=None, options=None):
        super().reset(seed=seed); self.t = 0
        return np.zeros(1, np.float32), {{}}
    def step(self, a):
        self.t += 1
        return np.zeros(1, np.float32), self.R, self.t >= 3, False, {{}}
gym.register("Fix11gMy-v0", entry_point=E)
'''
DRIVER = '''
import os, json
from gym_loop.gym_loop import train_agent, eval_agent
base = os.getcwd()
def spec(episodes):
    return {"agent": {"class": "gym_loop.agents.random_agent:RandomAgent"},
            "env": {"name": "Fix11gMy-v0", "imports": ["fix11g_envs"]},
            "loop": {"parameters": {"max_episodes": episodes, "eval_episodes": 1, "logdir": None}}}
def returns(run):
    return [float(row.split(",")[2]) for row in open(os.path.join(base, run, "episodes.csv")).read().split()[1:]]
os.chdir(os.path.join(base, "P1")); train_agent(spec(1), run_dir=os.path.join(base, "r1"))
os.chdir(os.path.join(base, "P2")); train_agent(spec(1), run_dir=os.path.join(base, "r2"))
def evaluated(run, output):
    return eval_agent(None, run_dir=os.path.join(base, run), output=os.path.join(base, output)).mean_return
print("EVAL", json.dumps(evaluated("r1", "e1")))
train_agent(spec(2), resume=os.path.join(base, "r1"))  # still in P2
print("RESUMED", json.dumps(returns("r1")))
train_agent(spec(1), run_dir=os.path.join(base, "r3"))  # a new run in P2: P2's module again
print("NEW", json.dumps(returns("r3")))
print("EVAL2", json.dumps(evaluated("r2", "e2")))
'''


def run_script(cwd: Path, text: str) -> subprocess.CompletedProcess:
    (cwd / "script.py").write_text(text)
    done = subprocess.run([sys.executable, "script.py"], cwd=cwd, capture_output=True, text=True, timeout=120,
                          env={**os.environ, "PYTHONPATH": str(ROOT), "OMP_NUM_THREADS": "1"})
    assert done.returncode == 0, done.stderr
    return done


def lines(done: subprocess.CompletedProcess, tag: str) -> list:
    return [json.loads(line[len(tag):]) for line in done.stdout.splitlines() if line.startswith(tag)]


def test_a_run_of_another_folder_plays_its_own_env_module_after_chdir(tmp_path):
    for reward in (1, 2):
        (tmp_path / f"P{reward}").mkdir()
        (tmp_path / f"P{reward}" / "fix11g_envs.py").write_text(ENV.format(reward=f"{reward}.0"))
    done = run_script(tmp_path, DRIVER)
    assert lines(done, "EVAL ") == [3.0]  # P1's env, as `cd P2 && gym-loop eval --run ../r1` plays it
    assert lines(done, "RESUMED ") == [[3.0, 3.0]]
    assert lines(done, "NEW ") == [[6.0]]
    assert lines(done, "EVAL2 ") == [6.0]
    assert "changed since the run last trained" not in done.stderr


LAZY_AGENT = '''
from gym_loop.agents.random_agent import RandomAgent
class Top(RandomAgent):
    def __init__(self, **p):
        super().__init__(**p)
        import fix11g_helpers
        print("AGENT", __file__.split("/")[-2], "uses helpers of", fix11g_helpers.WHO, flush=True)
'''
TWO_AGENTS = '''
from gym_loop.gym_loop import train_agent
for i, d in enumerate(["A", "B", "A"]):
    train_agent({"agent": {"class": f"{d}/agent.py:Top"}, "env": {"name": "CartPole-v1"},
                 "loop": {"parameters": {"max_episodes": 1, "logdir": None}}}, run_dir=f"runs_{i}")
'''


def test_a_helper_imported_inside_a_method_is_the_agent_folders_own(tmp_path):
    for folder in ("A", "B"):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "fix11g_helpers.py").write_text(f"WHO = '{folder}'\n")
        (tmp_path / folder / "agent.py").write_text(LAZY_AGENT)
    done = run_script(tmp_path, TWO_AGENTS)
    assert [line for line in done.stdout.splitlines() if line.startswith("AGENT")] == [
        "AGENT A uses helpers of A", "AGENT B uses helpers of B", "AGENT A uses helpers of A"]


MAIN_PARTIAL = '''
import functools, gymnasium as gym
from gymnasium.envs.classic_control.cartpole import CartPoleEnv
from gym_loop.gym_loop import train_agent
class MyPole(CartPoleEnv):
    pass
gym.register("Fix11gPartial-v0", entry_point=functools.partial(MyPole), max_episode_steps=50)
train_agent({"agent": {"class": "gym_loop.agents.random_agent:RandomAgent"}, "env": {"name": "Fix11gPartial-v0"},
             "loop": {"parameters": {"max_episodes": 1, "logdir": None}}}, run_dir="run")
'''


def test_an_env_registered_in_main_through_a_partial_is_warned_of(tmp_path):
    done = run_script(tmp_path, MAIN_PARTIAL)
    assert "env.name: Fix11gPartial-v0 is registered by this notebook or script (__main__)" in done.stderr
