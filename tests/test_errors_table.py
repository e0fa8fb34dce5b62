"""Every row of docs/errors.rst, reproduced through the console script: exit code and message."""

import importlib
import os
import pickle
import re
import signal
import subprocess
import time
from pathlib import Path

import pytest

from conftest import GYM_LOOP, make_spec, only_run, run_cli, run_folders, write_spec

# Each tests/*_scenarios.py holds rows added for one set of defects: SCENARIOS (row title -> the command's
# arguments, made in a tmp folder) and TESTED_ELSEWHERE (rows a test file of its own checks).
SCENARIO_MODULES = [importlib.import_module(path.stem) for path in sorted(Path(__file__).parent.glob("*_scenarios.py"))]
TESTED_ELSEWHERE = set().union(*(getattr(module, "TESTED_ELSEWHERE", ()) for module in SCENARIO_MODULES))

ERRORS_PAGE = Path(__file__).parent.parent / "docs" / "errors.rst"

AGENT = """
import time
from pathlib import Path
from gym_loop.agents import BaseAgent

class Agent(BaseAgent):
    ANY_PARAMETERS = True

    def act(self, state, episode_num):
        if self.parameters.get("fail") == "act":
            raise ValueError("no action")
        if self.parameters.get("fail") == "slow":
            Path("started").touch()
            time.sleep(0.01)
        return self.parameters.get("action", 0)

    def memorize(self, last_ob, action, reward, done, ob):
        if self.parameters.get("fail") == "memorize":
            raise ValueError("no memory")

    def update(self, episode_num):
        if self.parameters.get("fail") == "update":
            raise ValueError("no update")

    def metrics(self, episode_num):
        if self.parameters.get("fail") == "metrics":
            raise ValueError("no metrics")
        return {"loss": [1, 2]} if self.parameters.get("fail") == "metric" else {}

    def save(self, path):
        if self.parameters.get("fail") == "save":
            raise OSError("disk full")
        if self.parameters.get("fail") != "save nothing":
            Path(path).write_text("saved")

    def load(self, path):  # save writes a marker: nothing to restore
        pass
"""


def documented_rows():
    """(what, exit code, message) of each row of the errors table."""
    cells = re.findall(r"^\s+\* - (.+)\n\s+- (\d+)\n\s+- ``(.+)``$", ERRORS_PAGE.read_text(), re.MULTILINE)
    return [(what, int(code), message) for what, code, message in cells]


def spec_with(tmp_path, change=None, max_episodes=1, **loop_parameters):
    spec = make_spec(max_episodes=max_episodes, episodes_per_checkpoint=1, **loop_parameters)
    if change:
        change(spec)
    write_spec(tmp_path / "run.yaml", spec)
    return ["train", "-c", "run.yaml"]


def agent_failing(tmp_path, how, max_episodes=1, **parameters):
    (tmp_path / "failing_agent.py").write_text(AGENT)

    def change(spec):
        spec["agent"] = {"class": "failing_agent.py:Agent", "parameters": {"fail": how, **parameters}}
    return spec_with(tmp_path, change, max_episodes=max_episodes)


def set_in(*keys, value):
    def change(spec):
        target = spec
        for key in keys[:-1]:
            target = target[key]
        target[keys[-1]] = value
    return change


def raw_spec(tmp_path, text):
    (tmp_path / "run.yaml").write_text(text)
    return ["train", "-c", "run.yaml"]


def without_moviepy(tmp_path):
    (tmp_path / "block").mkdir()
    (tmp_path / "block" / "sitecustomize.py").write_text("import sys\nsys.modules['moviepy'] = None\n")
    return spec_with(tmp_path, record=True), {"PYTHONPATH": os.pathsep.join([str(tmp_path / "block"),
                                                                             os.environ.get("PYTHONPATH", "")])}


def memorize_needing_step(tmp_path):
    (tmp_path / "step_agent.py").write_text(
        "class Agent:\n"
        "    def act(self, state, episode_num):\n        return 0\n"
        "    def memorize(self, last_ob, action, reward, done, ob, step, priority):\n        pass\n")
    return spec_with(tmp_path, set_in("agent", value={"class": "step_agent.py:Agent"}))


def agent_source(tmp_path, body):
    """A spec whose agent is ``Agent(BaseAgent)`` with ``body`` (indented methods) besides its act."""
    (tmp_path / "odd_agent.py").write_text(
        "from gym_loop.agents import BaseAgent\n\nclass Agent(BaseAgent):\n"
        f"{body}\n    def act(self, state, episode_num):\n        return 0\n")
    return spec_with(tmp_path, set_in("agent", value={"class": "odd_agent.py:Agent"}))


DEFAULTS = "    @staticmethod\n    def get_default_parameters():\n        "
POLICY = "    @staticmethod\n    def get_default_policy():\n        "


def broken_module(tmp_path):
    (tmp_path / "broken_agent.py").write_text("import torch_not_here\n")
    return spec_with(tmp_path, set_in("agent", "class", value="broken_agent.py:Agent"))


def trained(tmp_path, then, *spec_changes, **loop_parameters):
    """Train a one-episode run, then run ``then`` with the run folder appended."""
    assert run_cli(*spec_with(tmp_path, *spec_changes, **loop_parameters), cwd=tmp_path).returncode == 0
    return [*then, only_run(tmp_path).relative_to(tmp_path)]


def two_runs(tmp_path):
    """Two one-episode runs, runs/a and runs/b."""
    for run in ("runs/a", "runs/b"):
        assert run_cli(*spec_with(tmp_path), "--run-dir", run, cwd=tmp_path).returncode == 0
    return ["runs/a", "runs/b"]


LEGACY_LOOP = """
class Loop:
    \"\"\"A loop as the original gym-loop allowed: train() and evaluate() only.\"\"\"

    @staticmethod
    def get_default_parameters():
        return {"fail": False}

    def __init__(self, agent, env, fail=False, **params):
        self.agent, self.env, self.fail = agent, env, fail

    def train(self):
        if getattr(self, "fail", False):
            raise ValueError("loop bug")
        self.env.reset(seed=0)

    def evaluate(self):
        if getattr(self, "fail", False):
            raise ValueError("loop bug")
        self.env.reset(seed=0)
"""


def legacy_loop_run(tmp_path):
    (tmp_path / "legacy_loop.py").write_text(LEGACY_LOOP)
    return trained(tmp_path, ["train", "--resume"], set_in("loop", value={"class": "legacy_loop.py:Loop"}))


def failing_legacy_loop(tmp_path):
    (tmp_path / "legacy_loop.py").write_text(LEGACY_LOOP)
    return spec_with(tmp_path, set_in("loop", value={"class": "legacy_loop.py:Loop", "parameters": {"fail": True}}))


def not_a_run(tmp_path):
    (tmp_path / "logs").mkdir()
    return ["train", "--resume", "logs"]


SCENARIOS = {
    "malformed YAML": lambda p: raw_spec(p, "loop: {parameters: {max_episodes: 3}\n"),
    "empty spec": lambda p: raw_spec(p, ""),
    "a key given twice in one mapping": lambda p: raw_spec(p, (
        "agent: {class: gym_loop.agents.random_agent:RandomAgent}\nloop:\n  parameters:\n    max_episodes: 3\n"
        "    max_episodes: 7\nenv: {name: CartPole-v1}\n")),
    "missing section": lambda p: spec_with(p, lambda s: s.pop("agent")),
    "unknown key": lambda p: spec_with(p, set_in("loop", "parameters", "max_episode", value=3)),
    "unknown agent parameter": lambda p: spec_with(p, set_in("agent", "parameters", "seed", value=1)),
    "impossible value": lambda p: spec_with(p, set_in("loop", "parameters", "max_episodes", value=-3)),
    "a seed NumPy and PyTorch cannot take": lambda p: spec_with(p, lambda s: s.update(seed=2**64)),
    "a built-in agent's parameter out of its range": lambda p: spec_with(p, lambda s: s.update(
        agent={"class": "gym_loop.agents.q_learning:QLearningAgent", "parameters": {"learning_rate": -3}},
        env={"name": "FrozenLake-v1"})),
    "an agent parameter that would shadow a method": lambda p: agent_failing(p, None, update=1),
    "an agent parameter named as what gym-loop passes the agent": lambda p: agent_failing(p, None, policy=1),
    "a string where a number belongs": lambda p: spec_with(p, set_in("loop", "parameters", "eval_episodes",
                                                                     value="ten")),
    "malformed class string": lambda p: spec_with(p, set_in("agent", "class", value="my_agent")),
    "agent file not found": lambda p: spec_with(p, set_in("agent", "class", value="my_agent.py:MyAgent")),
    "agent module not found": lambda p: spec_with(p, set_in("agent", "class", value="my_agents.dqn:Agent")),
    "agent module fails to import": broken_module,
    "no such class": lambda p: spec_with(p, set_in("agent", "class",
                                                   value="gym_loop.agents.random_agent:RandomAgnt")),
    "an agent class given as the loop": lambda p: spec_with(p, set_in("loop", "class",
                                                                      value="gym_loop.agents.random_agent:RandomAgent")),
    "get_default_parameters without @staticmethod": lambda p: agent_source(
        p, "    def get_default_parameters(self):\n        return {}\n"),
    "get_default_parameters raises (NotImplementedError too)": lambda p: agent_source(
        p, DEFAULTS + "raise NotImplementedError()\n"),
    "get_default_parameters returns no dict": lambda p: agent_source(p, DEFAULTS + "pass\n"),
    "a default that a YAML spec cannot hold": lambda p: agent_source(p, DEFAULTS + "return {'net': dict}\n"),
    "get_default_policy without @staticmethod": lambda p: agent_source(
        p, "    def get_default_policy(self):\n        return None\n"),
    "get_default_policy raises": lambda p: agent_source(p, POLICY + "raise NotImplementedError()\n"),
    "get_default_policy returns neither None nor a dict": lambda p: agent_source(
        p, POLICY + "return 'gym_loop.policies:BasePolicy'\n"),
    "get_default_policy returns a policy the spec check refuses": lambda p: agent_source(
        p, POLICY + "return {'class': 'nope.py:X'}\n"),
    "act, update or metrics that cannot take gym-loop's arguments": lambda p: agent_source(
        p, "    def update(self):\n        pass\n"),
    "an agent given spaces it cannot handle": lambda p: spec_with(p, lambda s: s.update(
        agent={"class": "gym_loop.agents.cross_entropy:CrossEntropyAgent"}, env={"name": "FrozenLake-v1"})),
    "unknown env id": lambda p: spec_with(p, set_in("env", "name", value="CartPol-v1")),
    "missing env package": lambda p: spec_with(p, set_in("env", "imports", value=["minigird"])),
    "env id of an unknown namespace": lambda p: spec_with(p, set_in("env", "name", value="My/Dict-v0")),
    "env parameter refused": lambda p: spec_with(p, set_in("env", "parameters", value={"gravity": 1})),
    "malformed --set": lambda p: spec_with(p) + ["--set", "max_episodes"],
    "--set through a value": lambda p: spec_with(p) + ["--set", "env.name.id=3"],
    "recording without moviepy": without_moviepy,
    "rendering on Linux without a display": lambda p: (spec_with(p, render=True),
                                                       {"DISPLAY": "", "WAYLAND_DISPLAY": "", "SDL_VIDEODRIVER": ""}),
    "memorize needs an argument gym-loop does not pass": memorize_needing_step,
    "act raises": lambda p: agent_failing(p, "act"),
    "the env refuses the action": lambda p: agent_failing(p, None, action=7),
    "memorize raises": lambda p: agent_failing(p, "memorize"),
    "update raises": lambda p: agent_failing(p, "update"),
    "metrics raises": lambda p: agent_failing(p, "metrics"),
    "a metric is not a number": lambda p: agent_failing(p, "metric"),
    "save raises": lambda p: agent_failing(p, "save"),
    "save writes nothing": lambda p: agent_failing(p, "save nothing"),
    "the env has no reward threshold": lambda p: spec_with(p, set_in("env", "name", value="Pendulum-v1"),
                                                           reward_threshold="env"),
    "a spec file that does not exist": lambda p: ["train", "-c", "run.yaml"],
    "create-default onto a file that exists": lambda p: (p / "run.yaml").write_text("seed: 1\n") and [
        "create-default", "-c", "run.yaml"],  # an empty file it overwrites (tests/test_cli_fix7c.py)
    "plotting onto a figure's .csv that exists": lambda p: (p / "results.csv").touch() or trained(
        p, ["plot", "-o", "results.png"]),
    "neither a spec nor a run to resume": lambda p: ["train"],
    "resuming a folder that is not a run": not_a_run,
    "resuming with another seed, env, class or record path (checkpoint_dir, episodes_csv, evals_csv, logdir) than "
    "the run's": lambda p: trained(p, ["train", "--set", "seed=99", "--resume"]),
    "resuming a run that is complete": lambda p: trained(p, ["train", "--resume"]),
    "resuming a run that used its max_steps": lambda p: trained(p, ["train", "--resume"], set_in(
        "env", "name", value="Pendulum-v1"), max_episodes=5, max_steps=50),
    "resuming a run of a loop without training_episodes()": legacy_loop_run,
    "the train() of a loop without training_episodes() raises": failing_legacy_loop,
    "``gym-loop eval``: the evaluate() of a loop without training_episodes() raises": lambda p: (
        ["eval", *failing_legacy_loop(p)[1:]]),
    "resuming a run that is solved, at the same threshold": lambda p: trained(
        p, ["train", "--resume"], max_episodes=5, max_episode_len=1, episodes_per_eval=1, eval_episodes=1,
        reward_threshold=1),
    "evaluating a checkpoint the run does not have": lambda p: trained(p, ["eval", "--checkpoint", "agent-000099",
                                                                           "--run"]),
}
SIGNALS = {"Ctrl-C": signal.SIGINT, "SIGTERM": signal.SIGTERM}
SCENARIOS.update({
    "a policy both in the agent section and at the top level": lambda p: spec_with(p, lambda s: s.update(
        policy={"class": "gym_loop.policies:BasePolicy"},
        agent={**s["agent"], "policy": {"class": "gym_loop.policies:BasePolicy"}})),
    "an agent attribute that is not plain data (default save)": lambda p: unsaveable_agent(p),
    "a checkpoint pickle that could run code": lambda p: planted_pickle(p),
    "the agent's constructor raises": lambda p: failing_constructor(p, "agent"),
    "the policy's constructor raises": lambda p: failing_constructor(p, "policy"),
    "the env's constructor raises": lambda p: with_envs(p, set_in("env", "name", value="Broken-v0")),
    "gymnasium.make_vec raises": lambda p: with_envs(p, lambda s: s.update(
        env={**s["env"], "name": "BrokenVector-v0"},
        loop={"class": "gym_loop.loops.vector_loop:VectorLoop",
              "parameters": {"vectorization_mode": "vector_entry_point", "max_episodes": 1}})),
    "vector_kwargs the vector env does not take": lambda p: spec_with(p, lambda s: s.update(
        loop={"class": "gym_loop.loops.vector_loop:VectorLoop",
              "parameters": {"vectorization_mode": "sync", "max_episodes": 1, "vector_kwargs": {"bogus": 1}}})),
    "recording a MuJoCo env without a display": lambda p: with_envs(p, set_in("env", "name", value="FakeMujoco-v0"),
                                                                     record=True),
    "the env's reset raises": lambda p: with_envs(p, set_in("env", "name", value="BrokenReset-v0")),
    "the env's reset raises in an evaluation": lambda p: evaluating(with_envs(p, set_in("env", "name",
                                                                                        value="BrokenReset-v0"))),
    "the env's reset raises under VectorLoop": lambda p: with_envs(p, lambda s: s.update(
        env={**s["env"], "name": "SecondResetFails-v0"},
        loop={"class": "gym_loop.loops.vector_loop:VectorLoop", "parameters": {"num_envs": 2, "max_episodes": 1}})),
    "Ctrl-C while the agent is constructed": lambda p: self_signalling(p, "init", "SIGINT"),
    "SIGTERM while the agent is constructed": lambda p: self_signalling(p, "init", "SIGTERM"),
    "Ctrl-C during an evaluation": lambda p: ["eval", *self_signalling(p, "act", "SIGINT")[1:]],
    "SIGTERM during an evaluation's first episode": lambda p: ["eval", *self_signalling(p, "first", "SIGTERM")[1:]],
    "Ctrl-C during start-up": lambda p: signal_at_start_up(p, "SIGINT"),
    "SIGTERM during start-up": lambda p: signal_at_start_up(p, "SIGTERM"),
    "a spec file name too long for a run folder's name": lambda p: [
        "train", "-c", (p / f"{'a' * 245}.yaml").write_text((p / spec_with(p)[-1]).read_text()) and f"{'a' * 245}.yaml",
        "--runs-dir", "runs"],
    "two path parameters naming one path": lambda p: spec_with(p, episodes_csv="./evals.csv"),
    "a file parameter inside a folder the run fills": lambda p: spec_with(p, episodes_csv="checkpoints/latest"),
    "evaluating another run's checkpoint with eval --run": lambda p: [
        "eval", "--run", two_runs(p)[0], "--checkpoint", "runs/b/checkpoints/agent-000001"],
})
SCENARIOS.update({  # gym-loop sweep
    "seed swept by --grid, --zip or --set of a sweep": lambda p: ["sweep", "-c", spec_with(p)[-1],
                                                                  "--grid", "seed=[1,2]"],
    "--add-seeds without the sweep's folder": lambda p: ["sweep", "-c", spec_with(p)[-1], "--add-seeds", "5-9"],
    "--seeds with a sweep's folder": lambda p: ["sweep", swept(p), "--seeds", "0-9"],
    "a sweep's command given more seeds than the sweep has": lambda p: [
        "sweep", "-c", spec_with(p)[-1], "--seeds", "0-3", "--sweeps-dir", swept(p).parent],
    "seeds added past 10000 per config": lambda p: ["sweep", swept(p), "--add-seeds", "1-10000"],
    "a sweep of more seeds than 10000": lambda p: ["sweep", "-c", spec_with(p)[-1], "--seeds", "0-99999999"],
    "a sweep or tune --name that is not a folder name": lambda p: [
        "sweep", "-c", spec_with(p)[-1], "--name", "a/b"],
    "a seed given twice in --seeds of a sweep or tune": lambda p: ["sweep", "-c", spec_with(p)[-1], "--seeds", "0-2,1"],
    "a sweep whose spec turns off its score's file": lambda p: [
        "sweep", "-c", spec_with(p, episodes_per_eval=1, evals_csv=None)[-1]],
    "a final-eval sweep with a config that never evaluates": lambda p: [
        "sweep", "-c", spec_with(p, episodes_per_eval=1)[-1], "--grid", "loop.parameters.episodes_per_eval=[1,null]"],
    "a final-eval sweep whose step budget ends every run before its first evaluation": lambda p: [
        "sweep", "-c", spec_with(p, max_episodes=10, episodes_per_eval=5, max_steps=3)[-1]],
    "a sweep named after a folder that is not a sweep": lambda p: (p / "sweeps" / "run").mkdir(parents=True) or [
        "sweep", "-c", (p / "sweeps" / "run" / "notes.txt").write_text("mine") and spec_with(p)[-1]],
    "plotting a run whose spec.yaml is nested past the limit": lambda p: run_with_spec(
        p, "loop: " + "[" * 60 + "]" * 60 + "\n", ["plot", "--table"]),
})


def swept(tmp_path):
    """The folder of a finished one-run sweep (seed 0) of run.yaml: sweeps/run."""
    assert run_cli("sweep", "-c", spec_with(tmp_path)[-1], "--seeds", "0", cwd=tmp_path).returncode == 0
    return Path("sweeps") / "run"


def run_with_spec(tmp_path, text, then):
    """A one-episode run whose spec.yaml now holds ``text``; ``then`` with the run folder appended."""
    assert run_cli(*spec_with(tmp_path), cwd=tmp_path).returncode == 0
    (only_run(tmp_path) / "spec.yaml").write_text(text)
    return [*then, only_run(tmp_path)]

CONSTRUCTORS = """
from gym_loop.agents import BaseAgent
from gym_loop.policies import BasePolicy

class Agent(BaseAgent):
    def __init__(self, **params):
        raise ValueError("no agent today")

    def act(self, state, episode_num):
        return 0

class Policy(BasePolicy):
    def __init__(self, **params):
        raise ValueError("no policy today")

    def act(self, state):
        return 0
"""

ENVS = """
import gymnasium
from gymnasium.envs.classic_control.cartpole import CartPoleEnv

class Broken(gymnasium.Env):
    def __init__(self, **kwargs):
        raise RuntimeError("no such device")

class FakeMujoco(CartPoleEnv):
    \"\"\"Renders as gymnasium's MuJoCo envs do, through a mujoco_renderer.\"\"\"

    def __init__(self, render_mode=None):
        super().__init__(render_mode=render_mode)
        self.mujoco_renderer = None

def broken_vector(num_envs, **kwargs):
    raise RuntimeError("no vector today")

class BrokenReset(CartPoleEnv):
    \"\"\"Fails every reset, the first one included (the one that seeds it).\"\"\"

    def reset(self, *, seed=None, options=None):
        raise RuntimeError("no reset today")

class SecondResetFails(CartPoleEnv):
    \"\"\"Fails every reset without a seed: the vector env's first reset after the one that seeds it.\"\"\"

    def reset(self, *, seed=None, options=None):
        if seed is None:
            raise RuntimeError("no reset today")
        return super().reset(seed=seed, options=options)

gymnasium.register("Broken-v0", entry_point=Broken)
gymnasium.register("FakeMujoco-v0", entry_point=FakeMujoco)
gymnasium.register("BrokenVector-v0", entry_point=CartPoleEnv, vector_entry_point=broken_vector)
gymnasium.register("BrokenReset-v0", entry_point=BrokenReset)
gymnasium.register("SecondResetFails-v0", entry_point=SecondResetFails)
"""


def failing_constructor(tmp_path, component):
    (tmp_path / "constructors.py").write_text(CONSTRUCTORS)
    if component == "agent":
        return spec_with(tmp_path, set_in("agent", value={"class": "constructors.py:Agent"}))
    return spec_with(tmp_path, set_in("policy", value={"class": "constructors.py:Policy"}))


def with_envs(tmp_path, change, **loop_parameters):
    """A spec whose env.imports registers the envs of ENVS; run without a display or MUJOCO_GL."""
    (tmp_path / "broken_envs.py").write_text(ENVS)

    def imports_and_change(spec):
        spec["env"]["imports"] = ["broken_envs"]
        change(spec)
    path = os.pathsep.join(filter(None, (str(tmp_path), os.environ.get("PYTHONPATH"))))
    return (spec_with(tmp_path, imports_and_change, **loop_parameters),
            {"PYTHONPATH": path, "DISPLAY": "", "WAYLAND_DISPLAY": "", "MUJOCO_GL": ""})


def evaluating(scenario):
    """The scenario's spec run by ``gym-loop eval`` instead of ``train``."""
    (_, *args), env = scenario
    return ["eval", *args], env


SELF_SIGNALLING = """
import os
import signal
from gym_loop.agents import BaseAgent

class Agent(BaseAgent):
    \"\"\"Sends itself a signal in its constructor, or in act() of episode 2 or of the first episode.\"\"\"

    ANY_PARAMETERS = True

    def __init__(self, **params):
        super().__init__(**params)
        if self.parameters["when"] == "init":
            os.kill(os.getpid(), getattr(signal, self.parameters["sent"]))

    def act(self, state, episode_num):
        if {"act": 2, "first": 0}.get(self.parameters["when"]) == episode_num:
            os.kill(os.getpid(), getattr(signal, self.parameters["sent"]))
        return 0
"""

START_UP_HOOK = """
import builtins
import os
import signal

_import = builtins.__import__

def _signalling_import(name, *args, **kwargs):
    if name == "gym_loop.gym_loop" and builtins.__import__ is _signalling_import:  # as the command starts
        builtins.__import__ = _import
        os.kill(os.getpid(), signal.SENT)
    return _import(name, *args, **kwargs)

builtins.__import__ = _signalling_import
"""


def self_signalling(tmp_path, when, sent):
    """A spec whose agent sends itself ``sent`` (a signal's name) ``when``: init, act (episode 2), first."""
    (tmp_path / "signalling.py").write_text(SELF_SIGNALLING)
    return spec_with(tmp_path, set_in("agent", value={"class": "signalling.py:Agent",
                                                      "parameters": {"when": when, "sent": sent}}), eval_episodes=5)


def signal_at_start_up(tmp_path, sent):
    """A spec, and an environment whose sitecustomize sends ``sent`` while the command imports its modules."""
    (tmp_path / "hook").mkdir()
    (tmp_path / "hook" / "sitecustomize.py").write_text(START_UP_HOOK.replace("SENT", sent))
    return spec_with(tmp_path), {"PYTHONPATH": os.pathsep.join(filter(None, (str(tmp_path / "hook"),
                                                                          os.environ.get("PYTHONPATH"))))}


def unsaveable_agent(tmp_path):
    (tmp_path / "unsaveable.py").write_text(
        "from gym_loop.agents import BaseAgent\n\n"
        "class Agent(BaseAgent):\n"
        "    def __init__(self, **params):\n"
        "        super().__init__(**params)\n"
        "        self.callbacks = [lambda: 0]\n\n"
        "    def act(self, state, episode_num):\n        return 0\n")
    return spec_with(tmp_path, set_in("agent", value={"class": "unsaveable.py:Agent"}))


class Planted:
    def __reduce__(self):
        return os.system, ("touch planted",)


def planted_pickle(tmp_path):
    """A trained run whose latest agent.ckpt is a pickle that would run a command; eval --run of it."""
    args = trained(tmp_path, ["eval", "--run"])
    checkpoint = max(path for path in (tmp_path / args[-1] / "checkpoints").glob("agent-*") if path.is_dir())
    (checkpoint / "agent.ckpt").write_bytes(pickle.dumps({"step": Planted()}))
    return args


SCENARIOS.update({  # gym-loop sweep --backend ray
    "a sweep or tune with a --address where no Ray answers": lambda p: [
        "sweep", "-c", spec_with(p, episodes_per_eval=1)[-1], "--backend", "ray", "--address", "127.0.0.1:9"],
})
for module in SCENARIO_MODULES:
    assert not set(SCENARIOS) & set(getattr(module, "SCENARIOS", {})), f"{module.__name__} repeats a row"
    SCENARIOS.update(getattr(module, "SCENARIOS", {}))


# Rows reproduced by tests of their own (test_trust_faults.py: a process with a file size limit;
# test_cli.py: an absolute checkpoint path).
FAULTS_TESTED_ELSEWHERE = {
    "a file size limit (ulimit -f) reached before the first checkpoint",
    "the agent's load raises an error of several lines (torch's load_state_dict after a change of network size)",
    "Ctrl-C while a sweep's local Ray starts",  # test_sweep_ray_start.py: one local Ray start
    "the run folder moved (mv) while training (<run>: its new path)",  # test_run_moved_fix6f.py
    "the run folder deleted (or moved where the system cannot tell) while training"}


def test_every_documented_error_has_a_scenario():
    assert {what for what, _, _ in documented_rows()} == (set(SCENARIOS) | set(SIGNALS) | TESTED_ELSEWHERE
                                                          | FAULTS_TESTED_ELSEWHERE)


@pytest.mark.parametrize("what, code, message", [row for row in documented_rows() if row[0] in SCENARIOS],
                         ids=lambda value: value if isinstance(value, str) and len(value) < 60 else "")
def test_documented_error(tmp_path, what, code, message):
    scenario = SCENARIOS[what](tmp_path)
    args, env = scenario if isinstance(scenario, tuple) else (scenario, None)
    runs_before = run_folders(tmp_path)
    result = run_cli(*args, cwd=tmp_path, env=env)
    assert result.returncode == code
    lines = [line for line in result.stderr.splitlines() if not line.startswith("INFO: ")]
    assert len(lines) == 1 and matches(message, lines[-1]), result.stderr  # one line: no usage text, no traceback
    assert "Traceback" not in result.stderr
    if code == 2:
        assert run_folders(tmp_path) == runs_before  # no run folder made


def matches(message, line):
    """Whether ``line`` is ``Error: <message>``, where ``<time>`` and ``<n>`` in the message stand for any word
    of digits and dashes, ``<run>`` for a run folder's path and ``<python>`` for the interpreter's."""
    escaped = re.escape(message).replace(r"\<", "<").replace(r"\>", ">").replace("<run>", r"\S+")
    escaped = escaped.replace("<python>", r"\S+")  # sys.executable
    pattern = re.sub(r"<[a-z]+>", r"[0-9-]+", escaped)
    return re.fullmatch(f"Error: {pattern}", line) is not None


@pytest.mark.parametrize("what, code, message", [row for row in documented_rows() if row[0] in SIGNALS])
def test_documented_interruption(tmp_path, what, code, message):
    agent_failing(tmp_path, "slow", max_episodes=1000)
    process = subprocess.Popen([GYM_LOOP, "train", "-c", "run.yaml"], cwd=tmp_path, stderr=subprocess.PIPE,
                               text=True)
    deadline = time.monotonic() + 60
    while not (tmp_path / "started").exists() and time.monotonic() < deadline:
        time.sleep(0.05)
    process.send_signal(SIGNALS[what])
    _, stderr = process.communicate(timeout=60)
    assert process.returncode == code
    assert matches(message, stderr.splitlines()[-1])
    assert (only_run(tmp_path) / "logs").is_dir()
