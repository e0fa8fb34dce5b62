"""tester6a's agent defects: a spec policy of a plain class is checkpointed; the built-in agents on finite
product state spaces (Blackjack-v1's Tuple) and what their refusals recommend."""

import json

import numpy as np
import pytest

from conftest import make_spec, run_cli, write_spec

POLICY_AGENT = """
import numpy as np
from gym_loop.agents import BaseAgent


class EpsPolicy:
    \"\"\"A policy as the seeds wrote them: a plain class, not on BasePolicy, that learns (eps) and draws.\"\"\"

    @staticmethod
    def get_default_parameters():
        return {"eps": 0.5, "decay": 0.9}

    def __init__(self, **params):
        self.__dict__.update(self.get_default_parameters())
        self.__dict__.update(params)
        self.rng = np.random.default_rng(0)
        self.calls = 0

    def __call__(self, state):
        self.calls += 1
        if self.rng.random() < self.eps:
            return int(self.rng.integers(self.action_space.n))
        return 0


class PolAgent(BaseAgent):
    @staticmethod
    def get_default_parameters():
        return {}

    @staticmethod
    def get_default_policy():
        return {"class": "polagent.py:EpsPolicy", "parameters": {"eps": 0.9}}

    def act(self, state, episode_num):
        return self.policy(state)

    def update(self, episode_num):
        self.policy.eps *= self.policy.decay
"""


def episodes(run):
    """episode, global_step, return, length of each row of the run's episodes.csv."""
    return [line.split(",")[:4] for line in (run / "episodes.csv").read_text().splitlines()[1:]]


def test_a_plain_class_policy_is_checkpointed_by_its_attributes_and_resumes_exactly(tmp_path):
    (tmp_path / "polagent.py").write_text(POLICY_AGENT)
    spec = make_spec(max_episodes=6, max_episode_len=200, episodes_per_checkpoint=3)
    spec["agent"] = {"class": "polagent.py:PolAgent"}
    spec.pop("policy", None)  # the agent's default policy
    write_spec(tmp_path / "run.yaml", spec)
    for run in ("part", "whole"):
        assert run_cli("train", "-c", "run.yaml", "--run-dir", run, "--seed", "2", *(
            ["--set", "loop.parameters.max_episodes=10"] if run == "whole" else []), cwd=tmp_path).returncode == 0
    assert json.loads((tmp_path / "part" / "run.json").read_text())["status"] == "finished"
    resumed = run_cli("train", "--resume", "part", "--set", "loop.parameters.max_episodes=10", cwd=tmp_path)
    assert resumed.returncode == 0, resumed.stderr
    assert episodes(tmp_path / "part") == episodes(tmp_path / "whole") and len(episodes(tmp_path / "whole")) == 10
    checkpoint = tmp_path / "part" / "checkpoints" / "agent-000006" / "agent.ckpt"
    with np.load(checkpoint, allow_pickle=False) as archive:
        policy = dict(json.loads(str(archive["__state__"]))["dict"])["policy"]
    assert [name for name, _ in policy["attributes"]["dict"]] == ["eps", "decay", "rng", "calls"]
    assert run_cli("eval", "--run", "part", cwd=tmp_path).returncode == 0
