"""left10: the torch-on-import seeder lasts as long as the run that set it (review9-10)."""

import subprocess
import sys

import pytest

AFTER_A_RUN = '''
import sys
from gym_loop.gym_loop import train_agent
from gym_loop.loops import DefaultLoop
from gym_loop.agents.random_agent import RandomAgent
import gymnasium as gym
spec = {"env": {"name": "CartPole-v1"}, "agent": {"class": "gym_loop.agents.random_agent:RandomAgent"},
        "loop": {"parameters": {"max_episodes": 1, "logdir": None}}, "seed": 3}
if sys.argv[1] == "train_agent":
    train_agent(spec, run_dir=sys.argv[2])
else:
    env = gym.make("CartPole-v1")
    DefaultLoop(RandomAgent(observation_space=env.observation_space, action_space=env.action_space), env, seed=3,
                max_episodes=1, logdir=None).train()
assert "torch" not in sys.modules
import torch
print(torch.initial_seed())
'''


@pytest.mark.parametrize("how", ["train_agent", "loop"])
def test_torch_imported_after_a_run_ended_is_not_seeded_with_its_seed(tmp_path, how):
    pytest.importorskip("torch")
    done = subprocess.run([sys.executable, "-c", AFTER_A_RUN, how, str(tmp_path / "run")], cwd=tmp_path,
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert int(done.stdout.split()[-1]) != 3
