"""An env of the old gym API whose reset(self) takes no seed gets the old-API hint at its seeded first reset
(tester8f-14)."""

import pytest
from conftest import run_cli

OLD_ENV = '''
import numpy as np
import gymnasium
from gymnasium import spaces
class OldEnv(gymnasium.Env):
    def __init__(self):
        self.observation_space = spaces.Box(-1, 1, (3,), np.float32)
        self.action_space = spaces.Discrete(2)
        self.t = 0
    def seed(self, seed=None):
        return [seed]
    def reset(self):
        self.t = 0
        return np.zeros(3, np.float32)
    def step(self, action):
        self.t += 1
        return np.zeros(3, np.float32), 1.0, self.t >= 10, {}
gymnasium.register("OldEnv-v0", entry_point=OldEnv)
'''


def old_env_spec(tmp_path):
    (tmp_path / "oldenvs.py").write_text(OLD_ENV)
    (tmp_path / "o.yaml").write_text("agent: {class: gym_loop.agents.random_agent:RandomAgent}\n"
                                     "env: {name: OldEnv-v0, imports: [oldenvs]}\nloop: {parameters: {max_episodes: 1}}\n")
    return ["train", "-c", "o.yaml"]


@pytest.mark.parametrize("command", ["train", "eval"])
def test_an_old_gym_env_without_reset_seed_gets_the_old_api_hint(tmp_path, command):
    old_env_spec(tmp_path)
    ran = run_cli("-q", command, "-c", "o.yaml", cwd=tmp_path)
    assert ran.returncode == 1
    assert ("TypeError: OldEnv.reset() got an unexpected keyword argument 'seed' (an env written for the old gym API? "
            "Gymnasium's reset takes seed=None, options=None and returns obs, info; step returns five values)"
            ) in ran.stderr.splitlines()[-1]
