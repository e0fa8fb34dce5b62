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
