"""review10-3: a run whose spec has a policy its agent does not take (made by a version without the check)
resumes and evaluates; only a new spec is refused."""

import shutil

import pytest

from conftest import run_cli
from gym_loop.errors import SpecError

AGENT = """
from gym_loop.agents.base_agent import BaseAgent
from gym_loop.policies.base_policy import BasePolicy


class NoPol(BaseAgent):
    def __init__(self, observation_space=None, action_space=None, rng=None):
        super().__init__(observation_space=observation_space, action_space=action_space, rng=rng)

    def act(self, s, e):
        return self.action_space.sample()


class P(BasePolicy):
    def act(self, s):
        return 0
"""
SPEC = """env: {name: CartPole-v1}
agent: {class: ag.py:NoPol, parameters: {}}
policy: {class: "ag.py:P", parameters: {}}
loop: {class: "gym_loop.loops.default_loop:DefaultLoop", parameters: {max_episodes: 2, max_episode_len: 20,
       eval_episodes: 1}}
seed: 1
"""


def test_a_run_with_a_policy_its_agent_does_not_take_resumes_and_evaluates(tmp_path, monkeypatch):
    from gym_loop import gym_loop, spec

    (tmp_path / "ag.py").write_text(AGENT)
    (tmp_path / "run.yaml").write_text(SPEC)
    monkeypatch.chdir(tmp_path)
    result = run_cli("train", "-c", "run.yaml", cwd=tmp_path)
    assert result.returncode == 2 and "NoPol's constructor takes no policy" in result.stderr  # a new spec: refused
    with monkeypatch.context() as old:  # the run made by a version without the check
        old.setattr(spec, "_check_policy_taken", lambda *args: None)
        gym_loop.train_agent(spec.load_spec("run.yaml"), name="old")
    run = next((tmp_path / "runs").iterdir())
    shutil.copytree(run, tmp_path / "copy")
    result = run_cli("train", "--resume", run, "--set", "loop.parameters.max_episodes=3", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    result = run_cli("eval", "--run", run, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    gym_loop.eval_agent(None, run_dir=tmp_path / "copy")
    with pytest.raises(SpecError, match="NoPol's constructor takes no policy"):
        gym_loop.train_agent(spec.load_spec("run.yaml"), name="new")
