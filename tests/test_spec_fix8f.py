"""Whole numbers written with an exponent (RL Zoo's 1e5, !!float 1e6) are integers for integer parameters
(tester8f-2)."""

import yaml
from conftest import run_cli

AGENT = '''
from collections import deque
from gym_loop.agents import BaseAgent
class Buf(BaseAgent):
    @staticmethod
    def get_default_parameters():
        return {"buffer_size": 100000, "lr": 0.001}
    def __init__(self, **params):
        super().__init__(**params)
        self.memory = deque(maxlen=self.buffer_size)
    def act(self, state, episode_num):
        return self.action_space.sample()
'''


def test_exponent_whole_numbers_are_ints_for_integer_parameters(tmp_path):
    (tmp_path / "buf.py").write_text(AGENT)
    (tmp_path / "run.yaml").write_text("agent: {class: buf.py:Buf, parameters: {buffer_size: !!float 1e5, lr: 1e0}}\n"
                                       "env: {name: CartPole-v1}\nloop: {parameters: {max_episodes: 1}}\n")
    ran = run_cli("-q", "train", "-c", "run.yaml", "--run-dir", "run", "-s", "loop.parameters.max_steps=1e3",
                  cwd=tmp_path)
    assert ran.returncode == 0, ran.stderr
    spec = yaml.safe_load((tmp_path / "run" / "spec.yaml").read_text())
    assert spec["agent"]["parameters"] == {"buffer_size": 100000, "lr": 1.0}  # a float default keeps the float
    assert spec["loop"]["parameters"]["max_steps"] == 1000 and type(spec["loop"]["parameters"]["max_steps"]) is int


def flat_key_spec(tmp_path):
    (tmp_path / "run.yaml").write_text("agent: {class: gym_loop.agents.random_agent:RandomAgent}\n"
                                       "env: {name: CartPole-v1}\nmax_steps: 100\n")
    return ["train", "-c", "run.yaml"]


def rl_zoo_file(tmp_path):
    (tmp_path / "ppo.yml").write_text("CartPole-v1:\n  n_envs: 8\n  n_timesteps: !!float 1e5\n  policy: 'MlpPolicy'\n")
    return ["train", "-c", "ppo.yml"]


def test_a_flat_hyperparameter_names_the_key_it_belongs_at(tmp_path):
    (tmp_path / "buf.py").write_text(AGENT)
    (tmp_path / "run.yaml").write_text("agent: {class: buf.py:Buf}\nenv: {name: CartPole-v1}\n")
    ran = run_cli("-q", "train", "-c", "run.yaml", "-s", "lr=0.01", cwd=tmp_path)
    assert ran.returncode == 2
    assert ran.stderr == "Error: lr: unknown key; did you mean agent.parameters.lr?\n"
    ran = run_cli("-q", *flat_key_spec(tmp_path), cwd=tmp_path)
    assert ran.stderr == "Error: max_steps: unknown key; did you mean loop.parameters.max_steps?\n"
    ran = run_cli("-q", *rl_zoo_file(tmp_path), cwd=tmp_path)
    assert ran.returncode == 2
    assert ran.stderr == ("Error: CartPole-v1: unknown key; this is not a gym-loop run spec (it has no agent, env or "
                          "loop section; an RL Zoo hyperparameter file?): write one with gym-loop create-default\n")
