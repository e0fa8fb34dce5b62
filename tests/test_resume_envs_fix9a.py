"""fix9a: a resume from another directory imports the run's own env module (tester9a-8)."""

import json

from conftest import make_spec, run_cli, write_spec

ENVS = '''
import numpy as np, gymnasium as gym
class Walk(gym.Env):
    observation_space = gym.spaces.Box(-9, 9, (1,), np.float32); action_space = gym.spaces.Discrete(2)
    SCALE = 1.0
    def reset(self, seed=None, options=None):
        super().reset(seed=seed); self.x, self.t = 0.0, 0; return np.zeros(1, np.float32), {}
    def step(self, a):
        self.t += 1; self.x += (1 if a else -1) + self.np_random.normal()
        return np.array([self.x], np.float32), -self.SCALE * abs(self.x), self.t >= 10, False, {}
gym.register("Walk-v0", entry_point="myenvs:Walk")
'''


def test_a_resume_from_another_directory_plays_the_run_s_env_module_not_the_working_directory_s(tmp_path):
    (tmp_path / "proj").mkdir(), (tmp_path / "other").mkdir()
    (tmp_path / "proj" / "myenvs.py").write_text(ENVS)
    (tmp_path / "other" / "myenvs.py").write_text(ENVS.replace("SCALE = 1.0", "SCALE = 5.0"))
    spec = make_spec("CartPole-v1", "gym_loop.agents.random_agent:RandomAgent", max_episodes=2)
    spec["env"].update(name="Walk-v0", imports=["myenvs"])
    write_spec(tmp_path / "proj" / "s.yaml", {**spec, "seed": 1})
    assert run_cli("-q", "train", "-c", "s.yaml", "--run-dir", "run", cwd=tmp_path / "proj").returncode == 0
    for command in (["train", "--resume", "../proj/run", "--set", "loop.parameters.max_episodes=4"],
                    ["eval", "--run", "../proj/run"]):
        done = run_cli(*command, cwd=tmp_path / "other")
        assert done.returncode == 0, done.stderr
        assert "changed" not in done.stderr
    record = json.loads((tmp_path / "proj" / "run" / "run.json").read_text())
    assert record["resumed"][0]["code"]["env"] == record["code"]["env"]
