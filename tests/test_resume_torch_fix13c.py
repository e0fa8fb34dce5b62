"""A resume that changes an agent parameter of a torch agent (tester13c-3): the examples re-apply the learning
rate after restoring their optimizer; an agent on the default load is warned that its restored optimizer keeps
the checkpoint's value."""

import importlib.util
import shutil
from pathlib import Path

import gymnasium as gym
import pytest

from conftest import make_spec, only_run, run_cli, write_spec

torch = pytest.importorskip("torch")
EXAMPLES = Path(__file__).parent.parent / "examples"

AGENT = """
import torch
from gym_loop.agents import BaseAgent

class LrAgent(BaseAgent):
    @staticmethod
    def get_default_parameters():
        return {"lr": 0.001, "gamma": 0.9, "reapply": False}

    def __init__(self, **p):
        super().__init__(**p)
        self.w = torch.zeros(2, requires_grad=True)
        self.opt = torch.optim.Adam([self.w], lr=self.lr)

    def act(self, state, episode_num):
        return 0

    def update(self, episode_num):
        self.opt.zero_grad()
        (self.w ** 2 + self.w).sum().backward()
        self.opt.step()

    def load(self, path):
        super().load(path)
        if self.parameters["reapply"]:
            for group in self.opt.param_groups:
                group["lr"] = self.parameters["lr"]
"""


def _example(name):
    spec = importlib.util.spec_from_file_location(f"example_{name}_fix13c", EXAMPLES / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize("name, agent", [("dqn", "DQNAgent"), ("ppo", "PPOAgent")])
def test_examples_apply_the_spec_learning_rate_after_restoring_the_optimizer(tmp_path, name, agent):
    env = gym.make("CartPole-v1")
    kind = getattr(_example(name), agent)
    spaces = dict(observation_space=env.observation_space, action_space=env.action_space)
    trained = kind(**{**kind.get_default_parameters(), **spaces, "learning_rate": 0.002})
    trained.save(str(tmp_path / "agent.ckpt"))
    resumed = kind(**{**kind.get_default_parameters(), **spaces, "learning_rate": 0.5})
    resumed.load(str(tmp_path / "agent.ckpt"))
    assert [group["lr"] for group in resumed.optimizer.param_groups] == [0.5]


def _trained(tmp_path):
    (tmp_path / "lr_agent.py").write_text(AGENT)
    spec = make_spec(agent=f"{tmp_path / 'lr_agent.py'}:LrAgent", max_episodes=1, episodes_per_checkpoint=1,
                     episodes_per_eval=None, max_episode_len=5)
    write_spec(tmp_path / "run.yaml", spec)
    assert run_cli("-q", "train", "-c", "run.yaml", cwd=tmp_path).returncode == 0
    return only_run(tmp_path)


def _resumed(tmp_path, run, *sets):
    sets = [item for key in ("loop.parameters.max_episodes=2", *sets) for item in ("--set", key)]
    result = run_cli("-q", "train", "--resume", run, *sets, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    return result.stderr


def test_resume_warns_that_a_restored_optimizer_keeps_the_old_value(tmp_path):
    run = _trained(tmp_path)
    shutil.copytree(run, tmp_path / "copy")
    said = _resumed(tmp_path, run, "agent.parameters.lr=0.5", "agent.parameters.gamma=0.5")
    assert ("WARNING: agent.parameters.lr: this resume's 0.5 does not reach opt, restored from the checkpoint with "
            "lr 0.001 in its param_groups; set it there in the agent's load(path), after the optimizer's "
            "load_state_dict (docs/runs.rst, Resume)") in said
    assert ("WARNING: agent.parameters.gamma: this resume's 0.5 reaches no optimizer restored from the checkpoint "
            "(opt keeps its param_groups, lr 0.001); if gamma sets one of them, set it there in the agent's "
            "load(path), after the optimizer's load_state_dict (docs/runs.rst, Resume)") in said
    assert said.count("WARNING") == 2, said
    said = _resumed(tmp_path, tmp_path / "copy", "agent.parameters.lr=0.5", "agent.parameters.reapply=true")
    assert "WARNING" not in said, said  # its load set it
