"""max_steps with episodes that nothing bounds: a warning when the run starts (tester8b-10)."""

import textwrap

import yaml

from conftest import run_cli

NO_LIMIT = textwrap.dedent('''
    import numpy as np, gymnasium as gym
    class NoLimit(gym.Env):
        """Registered without max_episode_steps; ends by itself here, so the test ends."""
        observation_space = gym.spaces.Box(-1, 1, (3,), np.float32); action_space = gym.spaces.Discrete(2)
        def reset(self, seed=None, options=None):
            super().reset(seed=seed); self.t = 0; return np.zeros(3, np.float32), {}
        def step(self, a):
            self.t += 1; return np.zeros(3, np.float32), 1.0, self.t >= 10, False, {}
    gym.register("NoLimit-v0", entry_point="nenv:NoLimit")
''')
WARNING = ("WARNING: loop.parameters.max_episode_len: null, and NoLimit-v0 has no time limit, so max_steps 30, checked "
           "as each episode ends, stops no episode that never ends; set max_episode_len to bound an episode")


def _train(tmp_path, **parameters):
    (tmp_path / "nenv.py").write_text(NO_LIMIT)
    spec = {"agent": {"class": "gym_loop.agents:RandomAgent"}, "env": {"name": "NoLimit-v0", "imports": ["nenv"]},
            "loop": {"parameters": {"max_episodes": 5, "max_steps": 30, **parameters}}, "seed": 1}
    (tmp_path / "s.yaml").write_text(yaml.safe_dump(spec))
    return run_cli("train", "-q", "-c", "s.yaml", cwd=tmp_path)


def test_max_steps_without_any_episode_bound_warns_at_start(tmp_path):
    result = _train(tmp_path, max_episode_len=None)
    assert result.returncode == 0, result.stderr
    assert WARNING in result.stderr


def test_max_steps_with_max_episode_len_does_not_warn(tmp_path):
    result = _train(tmp_path, max_episode_len=20)
    assert result.returncode == 0 and "WARNING" not in result.stderr, result.stderr
