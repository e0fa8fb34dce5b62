"""An object-dtype NumPy array attribute (the original's ReplayBuffer: np.zeros([size], dtype=object)) is saved item
by item and loads back as it was (tester8f-15)."""

import numpy as np
from conftest import run_cli

from gym_loop.state import read_state, write_state


def test_an_object_array_round_trips(tmp_path):
    buffer = np.zeros([20], dtype=object)
    for index in range(17):
        buffer[index] = np.full(3, index, np.float32)
    grid = np.empty((2, 2), dtype=object)
    grid[0, 0], grid[1, 1] = "a", {"b": 1}
    write_state(tmp_path / "s", {"obs_buf": buffer, "grid": grid})
    back = read_state(tmp_path / "s")
    assert back["obs_buf"].dtype == object and back["obs_buf"].shape == (20,)
    assert all(np.array_equal(back["obs_buf"][i], buffer[i]) for i in range(17)) and back["obs_buf"][19] == 0
    assert back["grid"].shape == (2, 2) and back["grid"][0, 0] == "a" and back["grid"][1, 1] == {"b": 1}
    assert back["grid"][0, 1] is None


AGENT = '''
import numpy as np
from gym_loop.agents import BaseAgent
class OA(BaseAgent):
    def __init__(self, **p):
        super().__init__(**p)
        self.obs_buf = np.zeros([8], dtype=object)
        self.ptr = 0
    def act(self, state, episode_num):
        return self.action_space.sample()
    def memorize(self, last_ob, action, reward, done, ob):
        self.obs_buf[self.ptr % 8] = ob
        self.ptr += 1
'''


def test_an_agent_with_an_object_array_checkpoints_and_resumes(tmp_path):
    (tmp_path / "oa.py").write_text(AGENT)
    (tmp_path / "o.yaml").write_text("agent: {class: oa.py:OA}\nenv: {name: CartPole-v1}\n"
                                     "loop: {parameters: {max_episodes: 2, episodes_per_checkpoint: 1}}\nseed: 3\n")
    ran = run_cli("-q", "train", "-c", "o.yaml", "--run-dir", "run", cwd=tmp_path)
    assert ran.returncode == 0, ran.stderr
    resumed = run_cli("-q", "train", "--resume", "run", "-s", "loop.parameters.max_episodes=3", cwd=tmp_path)
    assert resumed.returncode == 0, resumed.stderr
