"""Finite returns of any size: runs and statistics stay finite, log lines print them short (tester6c #5, #6)."""

import json
import math
import os
import re
from pathlib import Path

import numpy as np
import yaml

from gym_loop import numeric, stats
from tests.conftest import run_cli

AGENT = '''
import numpy as np
from gym_loop.agents.base_agent import BaseAgent

class SkillAgent(BaseAgent):
    """Acts ``skill`` once it has seen ``speed`` episodes (a fraction of it before)."""
    def __init__(self, **params):
        super().__init__(**params)
        self.seen = 0
    @staticmethod
    def get_default_parameters():
        return {"skill": 1.0, "speed": 10}
    def act(self, state, episode_num):
        return np.array([self.skill * min(1.0, self.seen / self.speed)])
    def memorize(self, last_ob, action, reward, done, ob):
        pass
    def update(self, episode_num):
        self.seen += 1
    def save(self, path):
        open(path, "w").write(str(self.seen))
    def load(self, path):
        self.seen = int(open(path).read())
'''

ENV = '''
import gymnasium as gym, numpy as np

class ToyEnv(gym.Env):
    """One step; the reward is the action."""
    observation_space = gym.spaces.Discrete(1)
    action_space = gym.spaces.Box(-1e308, 1e308, shape=(1,), dtype=np.float64)
    def reset(self, seed=None, options=None):
        super().reset(seed=seed)
        return 0, {}
    def step(self, action):
        return 0, float(np.asarray(action).ravel()[0]), True, False, {}

gym.register("Toy-v0", entry_point=ToyEnv)
'''


def _train(tmp_path: Path, skill: float, speed: int, episodes_per_eval):
    (tmp_path / "skill.py").write_text(AGENT)
    (tmp_path / "toyenv.py").write_text(ENV)
    spec = {"agent": {"class": "skill.py:SkillAgent", "parameters": {"skill": skill, "speed": speed}},
            "env": {"name": "Toy-v0", "imports": ["toyenv"], "parameters": {}},
            "loop": {"class": "gym_loop.loops.default_loop:DefaultLoop",
                     "parameters": {"max_episodes": 10, "episodes_per_eval": episodes_per_eval, "eval_episodes": 3,
                                    "episodes_per_checkpoint": 10, "logdir": None}}}
    (tmp_path / "toy.yaml").write_text(yaml.safe_dump(spec))
    path = os.pathsep.join([str(tmp_path), os.environ.get("PYTHONPATH", "")])
    result = run_cli("train", "-c", "toy.yaml", "--seed", "0", "--run-dir", "run", cwd=tmp_path,
                     env={"PYTHONPATH": path})
    return result, tmp_path / "run"


def test_an_evaluation_whose_returns_sum_past_the_largest_float_has_their_mean(tmp_path):
    result, run = _train(tmp_path, 1.0e308, 1, 10)
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    assert json.loads((run / "run.json").read_text())["status"] == "finished"
    row = (run / "evals.csv").read_text().splitlines()[1].split(",")
    assert float(row[2]) == 1e308 and float(row[3]) == 0.0
    assert "evaluation after 10 episodes: mean return 1e+308" in result.stderr


def test_returns_near_1e200_finish_the_run_and_print_short(tmp_path):
    result, run = _train(tmp_path, 1.0e200, 30, None)
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    assert json.loads((run / "run.json").read_text())["status"] == "finished"
    assert not re.search(r"\d{20}", result.stderr), result.stderr  # no 200-digit numbers
    assert "mean return 1.5e+199" in result.stderr  # the progress line at episode 10
    assert "± 9.57427e+198 (std)" in result.stderr  # the closing summary's std


def test_mean_and_std_are_finite_for_finite_values_and_exact_below_overflow():
    assert numeric.mean([1e308] * 5) == 1e308 and numeric.std([1e308] * 5) == 0.0
    assert numeric.std([1e308, -1e308]) == 1e308
    values = list(np.random.default_rng(0).normal(size=50))
    assert numeric.mean(values) == math.fsum(values) / 50
    assert numeric.std(values) == math.sqrt(math.fsum((v - math.fsum(values) / 50) ** 2 for v in values) / 50)
    assert numeric.show(1.5e200) == "1.5e+200" and numeric.show(0.4723) == "0.47" and numeric.show(0.4723, 3) == "0.472"


def test_statistics_of_scores_near_the_largest_float_are_finite():
    scores = np.full(6, 1e308)
    for name, statistic in stats.AGGREGATES.items():
        assert statistic(scores) == 1e308, name
    low, high = stats.bootstrap_ci(scores, stats.AGGREGATES["mean"], reps=50)
    assert low == high == 1e308
    normal = np.random.default_rng(1).normal(size=9)
    assert stats.AGGREGATES["mean"](normal) == np.mean(normal) and stats.iqm(normal) == np.sort(normal)[2:7].mean()
