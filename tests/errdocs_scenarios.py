"""Scenarios of the docs/errors.rst rows added for messages users hit that the table missed (tester2 #17);
tests/test_errors_table.py runs them with the rest."""

import os
import pickle
import shutil
from pathlib import Path

import yaml

from conftest import make_spec, only_run, run_cli

ENVS = """
import os

import gymnasium
from gymnasium.envs.classic_control.cartpole import CartPoleEnv

class NanReward(CartPoleEnv):
    \"\"\"CartPole whose reward is NaN.\"\"\"

    def step(self, action):
        observation, reward, terminated, truncated, info = super().step(action)
        return observation, float("nan"), terminated, truncated, info

class NanInEvaluation(NanReward):
    \"\"\"NaN rewards in every env made after the first (the training env): in the evaluation env.\"\"\"

    made = 0

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        NanInEvaluation.made += 1
        self.nan = NanInEvaluation.made > 1

    def step(self, action):
        return super().step(action) if self.nan else CartPoleEnv.step(self, action)

class Anything(gymnasium.spaces.Space):
    \"\"\"A space of any value, which Gymnasium cannot put in shared memory.\"\"\"

    def sample(self, mask=None, probability=None):
        return "a"

    def contains(self, x):
        return True

class AnythingEnv(CartPoleEnv):
    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.observation_space = Anything()

    def reset(self, *, seed=None, options=None):
        super().reset(seed=seed)
        return "a", {}

class Shaped(gymnasium.Env):
    \"\"\"An observation of ``parts`` Discrete spaces (by default $SHAPED_PARTS or 1): one generator each.\"\"\"

    def __init__(self, parts=None):
        parts = parts or int(os.environ.get("SHAPED_PARTS", 1))
        self.observation_space = gymnasium.spaces.Tuple([gymnasium.spaces.Discrete(3)] * parts)
        self.action_space = gymnasium.spaces.Discrete(2)

    def reset(self, *, seed=None, options=None):
        super().reset(seed=seed)
        return self.observation_space.sample(), {}

    def step(self, action):
        return self.observation_space.sample(), 1.0, bool(self.np_random.random() < 0.2), False, {}

gymnasium.register("Anything-v0", entry_point=AnythingEnv, disable_env_checker=True)
gymnasium.register("Shaped-v0", entry_point=Shaped)
gymnasium.register("NanReward-v0", entry_point=NanReward, max_episode_steps=20, disable_env_checker=True)
gymnasium.register("NanInEvaluation-v0", entry_point=NanInEvaluation, max_episode_steps=20,
                   disable_env_checker=True)
"""

AGENTS = """
from pathlib import Path
from gym_loop.agents import BaseAgent
from gym_loop.policies import BasePolicy

class Helper(BasePolicy):
    \"\"\"An object the default save stores as its attributes.\"\"\"

    def act(self, state):
        return 0

class Table:
    \"\"\"An object the default save stores as its state_dict().\"\"\"

    def state_dict(self):
        return {"q": [0.0]}

    def load_state_dict(self, state):
        self.q = state["q"]

class Agent(BaseAgent):
    \"\"\"Saves by default; ``helper`` picks what its attribute ``helper`` is; ``failing: load`` makes load raise.\"\"\"

    ANY_PARAMETERS = True

    def __init__(self, **params):
        super().__init__(**params)
        self.helper = {"attributes": Helper(), "state_dict": Table(), "number": 0}.get(params.get("helper"))

    def act(self, state, episode_num):
        return 0

    def load(self, path):
        if self.parameters.get("failing") == "load":
            raise ValueError("no load today")
        super().load(path)
"""


def write(tmp_path: Path, spec: dict, name: str = "run.yaml") -> list:
    (tmp_path / name).write_text(yaml.safe_dump(spec))
    return ["train", "-c", name]


def spec(**loop_parameters) -> dict:
    return make_spec(**{"max_episodes": 1, "episodes_per_checkpoint": 1, **loop_parameters})


def raw(tmp_path: Path, text) -> list:
    path = tmp_path / "run.yaml"
    path.write_bytes(text) if isinstance(text, bytes) else path.write_text(text)
    return ["train", "-c", "run.yaml"]


def changed(tmp_path: Path, change, **loop_parameters) -> list:
    document = spec(**loop_parameters)
    change(document)
    return write(tmp_path, document)


def trained(tmp_path: Path, then: list, document: dict = None, env: dict = None) -> list:
    """Train ``document`` (a one-episode run by default), then run ``then`` with the run folder appended."""
    result = run_cli(*write(tmp_path, document or spec()), cwd=tmp_path, env=env)
    assert result.returncode == 0, result.stderr
    return [*then, only_run(tmp_path).relative_to(tmp_path)]


def resumed_shaped(tmp_path: Path, parameters: dict, then: list, shaped_parts: str = "1"):
    """A run of Shaped-v0 with env ``parameters``, then resumed with ``then`` (and $SHAPED_PARTS)."""
    (tmp_path / "errdocs_envs.py").write_text(ENVS)
    document = spec()
    document["env"] = {"name": "Shaped-v0", "imports": ["errdocs_envs"], "parameters": parameters}
    env = {"PYTHONPATH": os.pathsep.join(filter(None, (str(tmp_path), os.environ.get("PYTHONPATH"))))}
    args = trained(tmp_path, ["train", "-s", "loop.parameters.max_episodes=2", *then, "--resume"], document, env)
    return args, {**env, "SHAPED_PARTS": shaped_parts}


def with_envs(tmp_path: Path, name: str, **loop_parameters):
    """A spec of the env ``name`` of ENVS, imported through env.imports."""
    (tmp_path / "errdocs_envs.py").write_text(ENVS)
    document = spec(**loop_parameters)
    document["env"] = {"name": name, "imports": ["errdocs_envs"]}
    path = os.pathsep.join(filter(None, (str(tmp_path), os.environ.get("PYTHONPATH"))))
    return write(tmp_path, document), {"PYTHONPATH": path}


def agent_spec(tmp_path: Path, **parameters) -> dict:
    (tmp_path / "errdocs_agents.py").write_text(AGENTS)
    document = spec()
    document["agent"] = {"class": "errdocs_agents.py:Agent", "parameters": parameters}
    return document


def damaged(tmp_path: Path, damage, then: list) -> list:
    """A one-episode run whose latest checkpoint ``damage`` changes; ``then`` with the run folder appended."""
    args = trained(tmp_path, then)
    checkpoints = tmp_path / args[-1] / "checkpoints"
    damage(checkpoints / (checkpoints / "latest").read_text().strip())
    return args


def rewritten(tmp_path: Path, name: str, text: str) -> list:
    """``train --resume`` of a one-episode run whose file ``name`` now holds ``text``."""
    args = trained(tmp_path, ["train", "--resume"])
    (tmp_path / args[-1] / name).write_text(text)
    return args


def another_agents_checkpoint(tmp_path: Path, saved: str, loading: str) -> list:
    """``eval -c`` of an agent whose ``helper`` is ``loading``, with a checkpoint saved where it was ``saved``."""
    args = trained(tmp_path, [], agent_spec(tmp_path, helper=saved))
    checkpoints = tmp_path / args[-1] / "checkpoints"
    checkpoint = checkpoints / (checkpoints / "latest").read_text().strip()
    write(tmp_path, agent_spec(tmp_path, helper=loading), "other.yaml")
    return ["eval", "-c", "other.yaml", "--checkpoint", checkpoint.relative_to(tmp_path)]


def npz_missing_an_array(checkpoint: Path) -> None:
    """An agent.ckpt whose structure names an array the archive lacks."""
    import numpy as np

    with open(checkpoint / "agent.ckpt", "wb") as file:
        np.savez(file, __state__=np.array('{"dict": [["table", {"array": 0}]]}'))


TORCH_AGENT = """
try:
    import torch
except ImportError:
    torch = None
from gym_loop.agents import BaseAgent

class Agent(BaseAgent):
    def __init__(self, **params):
        super().__init__(**params)
        self.weights = torch.zeros(2) if torch else None

    def act(self, state, episode_num):
        return 0
"""


def without_torch(tmp_path: Path) -> tuple:
    """``eval --run`` without PyTorch of a run whose agent saved a tensor."""
    (tmp_path / "torch_agent.py").write_text(TORCH_AGENT)
    document = spec()
    document["agent"] = {"class": "torch_agent.py:Agent"}
    args = trained(tmp_path, ["eval", "--run"], document)
    (tmp_path / "block").mkdir()
    (tmp_path / "block" / "sitecustomize.py").write_text("import sys\nsys.modules['torch'] = None\n")
    return args, {"PYTHONPATH": os.pathsep.join(filter(None, (str(tmp_path / "block"),
                                                                os.environ.get("PYTHONPATH"))))}


def non_empty(tmp_path: Path) -> list:
    (tmp_path / "existing").mkdir()
    (tmp_path / "existing" / "notes.txt").write_text("mine\n")
    return write(tmp_path, spec()) + ["--run-dir", "existing"]


def vector(**parameters) -> dict:
    return {"class": "gym_loop.loops.vector_loop:VectorLoop", "parameters": {"max_episodes": 1, **parameters}}


SCENARIOS = {
    "a reward that is not a finite number": lambda p: with_envs(p, "NanReward-v0"),
    "an evaluation return that is not a finite number": lambda p: with_envs(
        p, "NanInEvaluation-v0", episodes_per_eval=1, eval_episodes=1),
    "a --run-dir that exists and is not empty": non_empty,
    "a runs_dir that is a file": lambda p: write(p, spec()) + ["--set", "runs_dir=run.yaml"],
    "a spec that is not a mapping": lambda p: raw(p, "- agent\n- env\n"),
    "--set on a spec that is not a mapping": lambda p: raw(p, "- agent\n") + ["--set", "seed=1"],
    "a spec file that is not text (or not UTF-8; UTF-16 or UTF-32 with a byte order mark is read)": lambda p: raw(p, b"env: {name: \xff}\n"),
    "no env name": lambda p: changed(p, lambda s: s.update(env={"parameters": {}})),
    "no agent class": lambda p: changed(p, lambda s: s.update(agent={"parameters": {}})),
    "an agent parameter named parameters": lambda p: write(p, agent_spec(p, parameters=1)),
    "QLearningAgent on an env whose states are not finite": lambda p: changed(p, lambda s: s.update(
        agent={"class": "gym_loop.agents.q_learning:QLearningAgent"}, env={"name": "MountainCarContinuous-v0"})),
    "VectorLoop asked to record training": lambda p: changed(p, lambda s: s.update(loop=vector(record=True))),
    "evaluating with neither a spec nor a run": lambda p: ["eval"],
    "resuming with --seed, --runs-dir or --run-dir": lambda p: trained(p, ["train", "--seed", "1", "--resume"]),
    "both --run-dir and --runs-dir": lambda p: write(p, spec()) + ["--run-dir", "here", "--runs-dir", "there"],
    "evaluating a run that has no checkpoint": lambda p: damaged(
        p, lambda checkpoint: shutil.rmtree(checkpoint.parent), ["eval", "--run"]),
    "evaluating a folder that is not a checkpoint": lambda p: (lambda args: [
        *args[:-1], "--checkpoint", args[-1] / "logs", "--run", args[-1]])(trained(p, ["eval"])),
    "the agent's load raises": lambda p: trained(p, ["eval", "-s", "agent.parameters.failing=load", "--run"],
                                                 agent_spec(p)),
    "an agent.ckpt that is not a state file": lambda p: damaged(
        p, lambda checkpoint: (checkpoint / "agent.ckpt").write_text("not a state\n"), ["eval", "--run"]),
    "an agent.ckpt cut short": lambda p: damaged(
        p, lambda checkpoint: (checkpoint / "agent.ckpt").write_bytes((checkpoint / "agent.ckpt").read_bytes()[:40]),
        ["eval", "--run"]),
    "a checkpoint whose object the agent does not have": lambda p: another_agents_checkpoint(p, "attributes", None),
    "a checkpoint whose state_dict the agent cannot load": lambda p: another_agents_checkpoint(
        p, "state_dict", "number"),
    "a pickled agent.ckpt that cannot be unpickled": lambda p: damaged(
        p, lambda checkpoint: (checkpoint / "agent.ckpt").write_bytes(pickle.dumps([1])[:-3]), ["eval", "--run"]),
    "a pickled agent.ckpt that is not a dict": lambda p: damaged(
        p, lambda checkpoint: (checkpoint / "agent.ckpt").write_bytes(pickle.dumps([1])), ["eval", "--run"]),
    "resuming a run whose spec.yaml lacks a section": lambda p: rewritten(p, "spec.yaml", "env: {name: CartPole-v1}\n"),
    "resuming a run whose run.json has no status": lambda p: rewritten(p, "run.json", "{}\n"),
    "an agent.ckpt whose arrays do not match its structure": lambda p: damaged(p, npz_missing_an_array,
                                                                                ["eval", "--run"]),
    "a checkpoint with tensors, evaluated without PyTorch": without_torch,
    "observations the async vector env cannot share (Text, Graph, Sequence; the key named is ``vector_kwargs`` if it "
    "sets ``shared_memory``)": lambda p: (lambda args, env: (args + [
        "--set", "loop=" + repr(vector(vectorization_mode="async", num_envs=2)).replace("'", '"')], env))(
        *with_envs(p, "Anything-v0")),
    "resuming with periodic evaluation turned off (or on)": lambda p: trained(
        p, ["train", "-s", "loop.parameters.max_episodes=2", "-s", "loop.parameters.episodes_per_eval=1",
            "--resume"]),
    "resuming with env parameters that change the env's spaces": lambda p: resumed_shaped(
        p, {"parts": 1}, ["-s", "env.parameters.parts=3"]),
    "resuming with an env parameter the run did not have, which changes the env's spaces": lambda p: resumed_shaped(
        p, {}, ["-s", "env.parameters.parts=3"]),
    "resuming a run whose env or agent code changed its random generators": lambda p: resumed_shaped(
        p, {}, [], shaped_parts="3"),
    "resuming a checkpoint of an older gym-loop": lambda p: damaged(
        p, lambda checkpoint: (checkpoint / "state.json").rename(checkpoint / "loop.pkl"),
        ["train", "-s", "loop.parameters.max_episodes=2", "--resume"]),
}

SLOW_AGENT = """
import time
from pathlib import Path
from gym_loop.agents import BaseAgent

class Agent(BaseAgent):
    def act(self, state, episode_num):
        Path("started").touch()
        time.sleep(0.05)
        return 0
"""

# Rows whose scenario sends signals: tests/test_errors_stopped.py.
TESTED_ELSEWHERE = {"a second Ctrl-C", "a second Ctrl-C before the first checkpoint"}
