"""fix14c: a VectorLoop run with a max_steps budget counts the episodes that end in the vector step that crosses it,
so seed k's first reports landed on steps seed k-1 had reported (tester14c-9). The stride now leaves room for them;
it is recorded in a new tune's first start, and a tune begun before keeps its stride, so a continued tune's reports
stay where its earlier trials' are."""

import json
import os

import pytest
import yaml

from conftest import run_cli, write_spec
from test_tune_space_fix14c import lake

pytest.importorskip("optuna")

from gym_loop.tuning.driver import TuneOptions, longest_run, worker_config  # noqa: E402
from gym_loop.tuning.folder import TuneFolder  # noqa: E402

VECTOR = "gym_loop.loops.vector_loop:VectorLoop"
CONST_ENV = '''
import gymnasium as gym
import numpy as np
from gymnasium import spaces

class ConstEnv(gym.Env):
    """One-step episodes; the reward is the action."""
    observation_space = spaces.Box(-1.0, 1.0, (1,), np.float32)
    action_space = spaces.Box(-1e9, 1e9, (1,), np.float64)

    def reset(self, seed=None, options=None):
        super().reset(seed=seed)
        return np.zeros(1, np.float32), {}

    def step(self, action):
        return np.zeros(1, np.float32), float(action[0]), True, False, {}

gym.register("Const14c-v0", entry_point=ConstEnv)
'''


def vector_spec(**parameters):
    spec = lake(max_episodes=None, max_steps=21, episodes_per_eval=1, eval_episodes=1)
    spec["loop"] = {"class": VECTOR, "parameters": {**spec["loop"]["parameters"], "num_envs": 8, **parameters}}
    return spec


def test_the_stride_leaves_room_for_the_last_vector_step():
    assert longest_run(vector_spec(), {}) == 21 + 7
    assert longest_run(vector_spec(), {}, overshoot=False) == 21  # a tune begun before
    assert longest_run(lake(max_episodes=None, max_steps=21), {}) == 21
    assert longest_run(vector_spec(max_episodes=30), {}) == 30  # VectorLoop stops at max_episodes


def test_a_continued_tune_keeps_the_stride_of_its_first_start(tmp_path):
    options = TuneOptions(run_config=tmp_path / "s.yaml", space=tmp_path / "space.yaml", trials=1, seeds=[0, 1])
    new, old = TuneFolder(tmp_path / "new"), TuneFolder(tmp_path / "old")
    for folder in (new, old):
        folder.path.mkdir()
        folder.settings_path.write_text(json.dumps({"seeds": [0, 1], "starts": []}))
    new.add_start({"sampler": "tpe", "sampler_seed": None, "pruner": "median"}, first={"step_stride": 28})
    new.add_start({"sampler": "tpe", "sampler_seed": None, "pruner": "median"}, first={"step_stride": 99})
    assert [start.get("step_stride") for start in json.loads(new.settings_path.read_text())["starts"]] == [28, None]
    old.add_start({"sampler": "tpe", "sampler_seed": None, "pruner": "median"})
    settings = json.loads(old.settings_path.read_text())
    settings["starts"][0].pop("sampler_seeding")  # a tune of an earlier gym-loop: no stride recorded
    old.settings_path.write_text(json.dumps(settings))
    strides = [worker_config(folder, options, "journal.log", vector_spec(), {}, start=1, study="s")["step_stride"]
               for folder in (new, old)]
    assert strides == [28, 21]


def test_seeds_reports_never_share_a_step(tmp_path):
    (tmp_path / "myenvs14c.py").write_text(CONST_ENV)
    spec = vector_spec()
    spec["env"] = {"name": "Const14c-v0", "imports": ["myenvs14c"]}
    spec["agent"] = {"class": "gym_loop.agents.random_agent:RandomAgent", "parameters": {}}
    spec["loop"]["parameters"]["max_episode_len"] = None
    write_spec(tmp_path / "vs.yaml", spec)
    (tmp_path / "space.yaml").write_text(yaml.safe_dump({"loop.parameters.eval_episodes": {"int": [1, 2]}}))
    result = run_cli("-q", "tune", "-c", "vs.yaml", "--space", "space.yaml", "--trials", 1, "--pruner", "none",
                     "--name", "v", cwd=tmp_path, env={"PYTHONPATH": f"{tmp_path}:{os.environ.get('PYTHONPATH', '')}"})
    assert result.returncode == 0, result.stderr
    trial = tmp_path / "tunes/v/trials/0"
    assert "already reported" not in (trial / "seed-1.log").read_text()
    assert json.loads((tmp_path / "tunes/v/tune.json").read_text())["starts"][0]["step_stride"] == 28
