"""The torch examples (tester13c-5, -9): PPO's checkpoint loads with torch.load's weights_only default; their install
lines put PyTorch's CPU build first, as README and installation.rst do."""

import importlib.util
import re
from pathlib import Path

import gymnasium as gym
import numpy as np
import pytest

torch = pytest.importorskip("torch")
EXAMPLES = Path(__file__).parent.parent / "examples"
CPU = "python -m pip install torch==2.13.0 --index-url https://download.pytorch.org/whl/cpu"


def test_ppo_checkpoint_loads_with_weights_only(tmp_path):
    spec = importlib.util.spec_from_file_location("example_ppo_fix13c", EXAMPLES / "ppo.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    env = gym.make("CartPole-v1")
    spaces = dict(observation_space=env.observation_space, action_space=env.action_space)
    parameters = {**module.PPOAgent.get_default_parameters(), **spaces}
    agent = module.PPOAgent(**parameters, rng=np.random.default_rng(0))
    ob, _ = env.reset(seed=0)
    for _ in range(5):
        action = agent.act(ob, 0)
        next_ob, reward, terminated, truncated, _ = env.step(action)
        agent.memorize(ob, action, reward, terminated or truncated, next_ob, terminated)
        ob = next_ob
    agent.save(str(tmp_path / "agent.ckpt"))
    torch.load(tmp_path / "agent.ckpt", weights_only=True)  # no NumPy objects to refuse
    fresh = module.PPOAgent(**parameters)
    fresh.load(str(tmp_path / "agent.ckpt"))
    assert len(fresh.rollout) == 5
    for saved, loaded in zip(agent.rollout, fresh.rollout):
        assert isinstance(loaded[0], np.ndarray) and loaded[0].dtype == saved[0].dtype
        assert np.array_equal(loaded[0], saved[0]) and loaded[1:] == saved[1:]
    assert "weights_only=False" not in (EXAMPLES / "ppo.py").read_text()


@pytest.mark.parametrize("name", ["dqn.py", "dqn.yaml", "ppo.py", "ppo.yaml"])
def test_example_install_lines_put_the_cpu_build_first(name):
    lines = (EXAMPLES / name).read_text().splitlines()
    extra = [i for i, line in enumerate(lines) if "pip install -e '.[torch]'" in line]
    assert extra and all(CPU in lines[i - 1] for i in extra), name
