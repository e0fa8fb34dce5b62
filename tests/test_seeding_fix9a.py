"""fix9a: seeds reach PyTorch imported late, and per-episode seeds fit 32 bits (tester9a-1, -5, -6)."""

import hashlib

import pytest

from conftest import make_spec, run_cli, write_spec

LAZY = '''
from gym_loop.agents import BaseAgent
class LazyTorchAgent(BaseAgent):
    def __init__(self, **kw):
        super().__init__(**kw)
        import torch                      # imported by the constructor, after the run seeded the globals
        self.torch = torch
        self.net = torch.nn.Linear(self.observation_space.shape[0], self.action_space.n)
    def act(self, state, episode_num):
        with self.torch.no_grad():
            p = self.torch.softmax(self.net(self.torch.as_tensor(state, dtype=self.torch.float32)), -1)
        return int(self.torch.multinomial(p, 1).item())
    def save(self, path): self.torch.save(self.net.state_dict(), path)
    def load(self, path): self.net.load_state_dict(self.torch.load(path))
'''


def _rows(path):
    return [line.split(",")[:4] for line in path.read_text().splitlines()]


def test_an_agent_importing_torch_in_its_constructor_is_seeded_by_the_run(tmp_path):
    pytest.importorskip("torch")
    (tmp_path / "lazy.py").write_text(LAZY)
    spec = make_spec(agent=f"{tmp_path / 'lazy.py'}:LazyTorchAgent", max_episodes=3)
    write_spec(tmp_path / "lazy.yaml", {**spec, "seed": 3})
    for name in ("one", "two"):
        done = run_cli("-q", "train", "-c", "lazy.yaml", "--run-dir", name, cwd=tmp_path)
        assert done.returncode == 0, done.stderr
    assert _rows(tmp_path / "one" / "episodes.csv") == _rows(tmp_path / "two" / "episodes.csv")
    digest = lambda run: hashlib.sha256(next((tmp_path / run / "checkpoints").glob("agent-*/agent.ckpt"))
                                        .read_bytes()).hexdigest()
    assert digest("one") == digest("two")


NOISY = '''
import numpy as np, gymnasium as gym
class Noisy(gym.Env):
    observation_space = gym.spaces.Box(-1, 1, (1,), np.float32); action_space = gym.spaces.Discrete(2)
    def __init__(self): self.rs = np.random.RandomState(0)
    def reset(self, seed=None, options=None):
        super().reset(seed=seed)
        if seed is not None: self.rs = np.random.RandomState(seed)   # a 32-bit seed only
        self.t = 0; return np.zeros(1, np.float32), {}
    def step(self, a):
        self.t += 1; return np.zeros(1, np.float32), float(self.rs.randn()), self.t >= 3, False, {}
gym.register("Noisy-v0", entry_point="noisy9a:Noisy")
'''


def test_per_episode_seeds_are_32_bit_words_as_every_other_seed(tmp_path, monkeypatch):
    # tester9a-5: seed_each_episode passed seeds up to 2**63 and a RandomState env failed at episode 0
    from gym_loop.gym_loop import train_agent
    from gym_loop.seeding import episode_seed

    assert all(0 <= episode_seed(seed, episode) < 2**32 for seed in (0, 5, 2**31 - 1) for episode in range(50))
    assert len({episode_seed(5, episode) for episode in range(1000)}) == 1000
    (tmp_path / "noisy9a.py").write_text(NOISY)
    monkeypatch.chdir(tmp_path)
    monkeypatch.syspath_prepend(str(tmp_path))
    spec = make_spec("Noisy-v0", "gym_loop.agents.random_agent:RandomAgent", max_episodes=3, seed_each_episode=True)
    spec["env"]["imports"] = ["noisy9a"]
    assert train_agent({**spec, "seed": 5}, run_dir=tmp_path / "run").episodes == 3


def test_with_seed_each_episode_periodic_evaluations_resume_exactly_too(tmp_path, monkeypatch):
    # tester9a-6: the evaluation env, seeded once, replayed its first evaluation's episodes after a resume
    from gym_loop.gym_loop import train_agent

    (tmp_path / "noisy9a.py").write_text(NOISY)
    monkeypatch.chdir(tmp_path)
    monkeypatch.syspath_prepend(str(tmp_path))

    def spec(max_episodes):
        made = make_spec("Noisy-v0", "gym_loop.agents.random_agent:RandomAgent", max_episodes=max_episodes,
                         seed_each_episode=True, episodes_per_eval=2, eval_episodes=3, episodes_per_checkpoint=3)
        made["env"]["imports"] = ["noisy9a"]
        return {**made, "seed": 5}

    train_agent(spec(8), run_dir=tmp_path / "full")
    train_agent(spec(3), run_dir=tmp_path / "part")
    train_agent(spec(8), resume=tmp_path / "part")
    rows = lambda run, name: [line.split(",")[:4] for line in (tmp_path / run / name).read_text().splitlines()]
    assert rows("full", "episodes.csv") == rows("part", "episodes.csv")
    assert len(rows("full", "evals.csv")) == 5
    assert rows("full", "evals.csv") == rows("part", "evals.csv")
    assert len({row[2] for row in rows("full", "evals.csv")[1:]}) == 4  # each evaluation its own episodes
