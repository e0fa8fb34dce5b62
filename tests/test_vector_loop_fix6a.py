"""tester6a's VectorLoop defects: the env a user gives from Python is vectorised faithfully or refused in one line,
seed= reproduces, and an env's or agent's slips are named as under DefaultLoop."""

import csv
from pathlib import Path

import gymnasium
import numpy as np
import pytest

from conftest import run_cli, write_spec
from gym_loop.agents.random_agent import RandomAgent
from gym_loop.errors import GymLoopError
from gym_loop.loops.vector_loop import VectorLoop
from gym_loop.spec import default_spec


class HalfReward(gymnasium.RewardWrapper):
    """A wrapper of the user's own, not on RecordConstructorArgs: a spec cannot re-create it."""

    def reward(self, reward):
        return 0.5 * reward


class Unregistered(gymnasium.Env):
    """An env made directly, as in a notebook: no ``spec``."""

    observation_space = gymnasium.spaces.Discrete(2)
    action_space = gymnasium.spaces.Discrete(2)

    def reset(self, *, seed=None, options=None):
        super().reset(seed=seed)
        return 0, {}

    def step(self, action):
        return 0, 1.0, True, False, {}


def _agent(env, **given):
    return RandomAgent(observation_space=env.observation_space, action_space=env.action_space, **given)


def _train(env, tmp_path: Path, **params) -> list:
    """Train a RandomAgent on ``env`` with VectorLoop (2 sub-envs) from Python; the rows of its episodes.csv."""
    given = dict(seed=3, max_episodes=4, num_envs=2, episodes_csv=str(tmp_path / "e.csv"), logdir=None,
                 checkpoint_dir=str(tmp_path / "ck"))
    given.update(params)
    agent = given.pop("agent", None) or _agent(env, rng=np.random.default_rng(3))
    VectorLoop(agent, env, **given).train()
    with open(tmp_path / "e.csv") as rows:
        return list(csv.DictReader(rows))


@pytest.mark.parametrize("mode", ["sync", "async"])
def test_a_recordable_wrapper_is_on_every_copy(tmp_path, mode):
    """gymnasium's TransformReward records its arguments: each copy halves the rewards as the env given does."""
    env = gymnasium.wrappers.TransformReward(gymnasium.make("CartPole-v1"), lambda reward: 0.5 * reward)
    rows = _train(env, tmp_path, vectorization_mode=mode)
    assert rows and all(float(row["return"]) == 0.5 * int(row["length"]) for row in rows)


def test_a_wrapper_the_spec_cannot_recreate_is_refused_when_the_loop_is_made(tmp_path):
    env = HalfReward(gymnasium.make("CartPole-v1"))
    with pytest.raises(GymLoopError) as error:
        VectorLoop(_agent(env), env, num_envs=2, episodes_csv=str(tmp_path / "e.csv"))
    assert str(error.value) == (
        "VectorLoop makes its num_envs copies of env from env.spec, which cannot re-create its wrapper HalfReward "
        "(not on gymnasium.utils.RecordConstructorArgs); register a function that returns the wrapped env and "
        "pass gymnasium.make(id) (docs/spec.rst, Wrappers), or use DefaultLoop")
    assert not (tmp_path / "e.csv").exists()


def test_the_documented_way_to_wrap_trains_on_the_wrapped_copies(tmp_path):
    """docs/spec.rst: a registered function returning the wrapped env; its wrapper needs no RecordConstructorArgs."""
    gymnasium.register("Fix6aHalfCartPole-v1", entry_point=lambda **kwargs: HalfReward(
        gymnasium.make("CartPole-v1", **kwargs)))
    rows = _train(gymnasium.make("Fix6aHalfCartPole-v1"), tmp_path)
    assert rows and all(float(row["return"]) == 0.5 * int(row["length"]) for row in rows)


def test_an_env_without_spec_is_refused_in_one_line(tmp_path):
    env = Unregistered()
    with pytest.raises(GymLoopError) as error:
        VectorLoop(_agent(env), env, num_envs=2)
    assert str(error.value) == (
        "VectorLoop makes its num_envs copies of env with gymnasium.make_vec from env.spec, and this Unregistered "
        "has none (it was not made by gymnasium.make); register it (gymnasium.register) and pass "
        "gymnasium.make(id), or use DefaultLoop")


def _played(rows: list) -> list:
    return [(row["episode"], row["global_step"], row["return"], row["length"]) for row in rows]


def test_seed_reproduces_a_random_agent_without_rng_and_equals_the_cli(tmp_path):
    """loops.rst: two VectorLoop(agent, env, seed=3) runs, and the CLI's of the same spec and seed, play alike."""
    runs = []
    for name in ("a", "b"):
        env = gymnasium.make("CartPole-v1")
        runs.append(_played(_train(env, tmp_path / name, agent=_agent(env))))
    spec = default_spec("gym_loop.agents.random_agent:RandomAgent", "gym_loop.loops.vector_loop:VectorLoop")
    spec["env"]["name"] = "CartPole-v1"
    spec["loop"]["parameters"].update(max_episodes=4, num_envs=2, logdir=None)
    write_spec(tmp_path / "run.yaml", {**spec, "seed": 3})
    result = run_cli("-q", "train", "-c", "run.yaml", "--run-dir", "cli", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    with open(tmp_path / "cli" / "episodes.csv") as rows:
        assert runs[0] == runs[1] == _played(list(csv.DictReader(rows)))


SLIPS = '''
import gymnasium
import numpy as np


class Slips(gymnasium.Env):
    """One step a few; returns its reward or flags as arrays of one element, as ``slip`` says."""

    observation_space = gymnasium.spaces.Discrete(2)
    action_space = gymnasium.spaces.Discrete(2)

    def __init__(self, slip="reward", render_mode=None):
        self.slip, self.steps = slip, 0

    def reset(self, *, seed=None, options=None):
        super().reset(seed=seed)
        self.steps = 0
        return 0, {}

    def step(self, action):
        assert self.action_space.contains(action), f"{action!r} invalid"
        self.steps += 1
        reward, terminated = 1.0, self.steps >= 3
        if self.slip == "reward":
            reward = np.array([reward])
        if self.slip == "terminated":
            terminated = np.array([terminated])
        return 0, reward, terminated, False, {}


gymnasium.register("Fix6a/Slips-v0", entry_point=Slips)
'''

TORCH_AGENT = '''
import torch
from gym_loop.agents.random_agent import RandomAgent


class TorchBatch(RandomAgent):
    def act_batch(self, states, episode_nums):
        return torch.zeros(len(states), dtype=torch.long)
'''


def _vector_run(tmp_path: Path, mode: str, *settings: str):
    """``gym-loop train`` of VectorLoop (2 sub-envs, ``mode``) on Fix6a/Slips-v0 with ``settings``."""
    tmp_path.mkdir(exist_ok=True)
    (tmp_path / "slips.py").write_text(SLIPS)
    spec = default_spec("gym_loop.agents.random_agent:RandomAgent", "gym_loop.loops.vector_loop:VectorLoop")
    spec["env"].update(name="Fix6a/Slips-v0", imports=["slips"])
    spec["loop"]["parameters"].update(max_episodes=6, num_envs=2, vectorization_mode=mode, logdir=None)
    write_spec(tmp_path / "run.yaml", spec)
    return run_cli("-q", "train", "-c", "run.yaml", "--run-dir", "run", "--seed", "0", *settings, cwd=tmp_path)


def _error(result) -> str:
    return [line for line in result.stderr.splitlines() if line.startswith("Error:")][0]


@pytest.mark.parametrize("mode", ["sync", "async"])
def test_a_reward_array_is_named_as_under_default_loop(tmp_path, mode):
    result = _vector_run(tmp_path, mode, "--set", "env.parameters.slip=reward")
    assert result.returncode == 1
    assert _error(result).startswith("Error: env.step returned reward array([1.]) after 0 episodes, at env step 0; "
                                     "a reward must be a number")


def test_a_flag_array_is_taken_by_sync_and_named_by_async(tmp_path):
    assert _vector_run(tmp_path / "sync", "sync", "--set", "env.parameters.slip=terminated").returncode == 0
    result = _vector_run(tmp_path, "async", "--set", "env.parameters.slip=terminated")
    assert result.returncode == 1
    assert _error(result) == (
        "Error: env.step returned terminated array([False]) after 0 episodes, at env step 0; the async vector env "
        "stacks the sub-envs' flags and needs True or False: return bool(terminated)")


def test_a_tensor_from_act_batch_gets_the_documented_fix(tmp_path):
    (tmp_path / "torch_agent.py").write_text(TORCH_AGENT)
    result = _vector_run(tmp_path, "sync", "--set", "env.parameters.slip=none",
                         "--set", "agent.class=torch_agent.py:TorchBatch")
    assert result.returncode == 1
    assert _error(result).startswith("Error: agent.act_batch returned tensor([0, 0]), not an action of "
                                     "MultiDiscrete([2 2]) (one per sub-env) (return action.detach().cpu().numpy()), "
                                     "after 0 episodes, at env step 0; env.step: ")
