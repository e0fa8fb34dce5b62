"""fix8a: a local env module (env.imports) or a local module-string agent (mymod:A) edited between two runs of
one process: the second run plays the new code, and run.json records the digest of the code that ran
(tester8a-2). Run in a subprocess: the modules are imported by name, once per process."""

import hashlib
import json
import subprocess
import sys
from pathlib import Path

ENV = '''import gymnasium, numpy as np
from gymnasium import spaces
REWARD = 1.0
class MyEnv(gymnasium.Env):
    observation_space = spaces.Box(-1, 1, (1,), np.float32)
    action_space = spaces.Discrete(2)
    def reset(self, seed=None, options=None):
        super().reset(seed=seed); self.t = 0
        return np.zeros(1, np.float32), {}
    def step(self, a):
        self.t += 1
        return np.zeros(1, np.float32), REWARD, self.t >= 3, False, {}
gymnasium.register("Fix8a/Env-v0", entry_point=MyEnv)
'''
AGENT = '''from gym_loop.agents import BaseAgent
class A(BaseAgent):
    def act(self, s, e):
        return 0
    def metrics(self, e):
        return {"which": 0}
'''
SCRIPT = '''import json, os, sys
from gym_loop.gym_loop import get_default_params, train_agent
spec = get_default_params("fix8a_mymod:A", "gym_loop.loops.default_loop:DefaultLoop")
spec["env"] = {"name": "Fix8a/Env-v0", "imports": ["fix8a_myenvs"], "parameters": {}}
spec["loop"]["parameters"].update(max_episodes=2, logdir=None)
out = []
for reward, which in ((1.0, 0), (2.0, 1)):
    if reward == 2.0:  # the same size, likely in the same second: a bytecode cache must not fool the import
        for name, old, new in (("fix8a_myenvs.py", "REWARD = 1.0", "REWARD = 2.0"),
                               ("fix8a_mymod.py", '"which": 0', '"which": 1')):
            text = open(name).read().replace(old, new)
            open(name, "w").write(text)
    summary = train_agent(spec, name="e")
    import fix8a_mymod
    out.append({"mean": summary.mean_return, "which": fix8a_mymod.A.metrics(None, 0)["which"],
                "code": json.load(open(os.path.join(summary.run_dir, "run.json")))["code"],
                "env": open("fix8a_myenvs.py", "rb").read().hex(), "agent": open("fix8a_mymod.py", "rb").read().hex()})
print(json.dumps(out))
'''


def test_local_modules_edited_between_two_runs_are_imported_again(tmp_path):
    (tmp_path / "fix8a_myenvs.py").write_text(ENV)
    (tmp_path / "fix8a_mymod.py").write_text(AGENT)
    (tmp_path / "t.py").write_text(SCRIPT)
    done = subprocess.run([sys.executable, "t.py"], cwd=tmp_path, capture_output=True, text=True, timeout=120,
                          env={**__import__("os").environ, "PYTHONPATH": f"{tmp_path}:{Path.cwd()}"})
    assert done.returncode == 0, done.stderr
    first, second = json.loads(done.stdout.splitlines()[-1])
    assert (first["mean"], second["mean"]) == (3.0, 6.0)
    assert second["which"] == 1
    for run in (first, second):  # the digests of the code each run ran
        assert run["code"]["env"] == hashlib.sha256(bytes.fromhex(run["env"])).hexdigest()
        assert run["code"]["agent"] == hashlib.sha256(bytes.fromhex(run["agent"])).hexdigest()
    assert "fix8a_myenvs changed since it was imported in this process: importing it again" in done.stderr
    assert "fix8a_mymod changed since it was imported in this process: importing it again" in done.stderr


PACKAGE_SCRIPT = '''import json, os
from gym_loop.gym_loop import get_default_params, train_agent
spec = get_default_params("gym_loop.agents.random_agent:RandomAgent", "gym_loop.loops.default_loop:DefaultLoop")
spec["env"] = {"name": "Fix8a/Env-v0", "imports": ["fix8a_pkg"], "parameters": {}}
spec["loop"]["parameters"].update(max_episodes=2, logdir=None)
out = []
for edit in (False, True):
    if edit:
        text = open("fix8a_pkg/envs.py").read().replace("REWARD = 1.0", "REWARD = 2.0")
        open("fix8a_pkg/envs.py", "w").write(text)
    summary = train_agent(spec, name="p")
    out.append([summary.mean_return, json.load(open(os.path.join(summary.run_dir, "run.json")))["code"]["env"]])
print(json.dumps(out))
'''


def test_a_local_package_edited_between_two_runs_is_said_to_run_as_imported(tmp_path):
    (tmp_path / "fix8a_pkg").mkdir()
    (tmp_path / "fix8a_pkg" / "envs.py").write_text(ENV)
    (tmp_path / "fix8a_pkg" / "__init__.py").write_text("from fix8a_pkg import envs\n")
    (tmp_path / "t.py").write_text(PACKAGE_SCRIPT)
    done = subprocess.run([sys.executable, "t.py"], cwd=tmp_path, capture_output=True, text=True, timeout=120,
                          env={**__import__("os").environ, "PYTHONPATH": f"{tmp_path}:{Path.cwd()}"})
    assert done.returncode == 0, done.stderr
    first, second = json.loads(done.stdout.splitlines()[-1])
    assert first == second  # the old code ran, and run.json says so
    assert ("fix8a_pkg changed since it was imported in this process: this run uses the code as imported; restart "
            "the Python process") in done.stderr
