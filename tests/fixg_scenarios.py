"""Scenarios of the docs/errors.rst rows added for tester4a's defects (old-API envs, --set conflicts, paths);
tests/test_errors_table.py runs them with the rest."""

from pathlib import Path

from conftest import make_spec, write_spec

OLD_API_ENV = """
import gymnasium
import numpy as np
from gymnasium import spaces


class OldReset(gymnasium.Env):
    \"\"\"An env ported from the old gym API: reset returns the observation alone (two numbers).\"\"\"

    observation_space = spaces.Box(-1, 1, (2,), np.float32)
    action_space = spaces.Discrete(2)

    def reset(self, seed=None, options=None):
        self.t = 0
        return np.zeros(2, np.float32)

    def step(self, action):
        self.t += 1
        return np.zeros(2, np.float32), 1.0, self.t >= 5, False, {}


gymnasium.register("OldReset-v0", entry_point=OldReset, disable_env_checker={disable})
"""


def old_reset_env(tmp_path: Path, disable: bool = True) -> list:
    """A spec whose env's reset returns only the observation (the env checker off unless ``disable`` is false)."""
    (tmp_path / "old_envs.py").write_text(OLD_API_ENV.replace("{disable}", str(disable)))
    spec = make_spec("OldReset-v0", max_episodes=2)
    spec["env"]["imports"] = ["old_envs"]
    return ["train", "-c", write_spec(tmp_path / "run.yaml", spec)]


# tests/test_eval_file_limit.py: a process with a file size limit
TESTED_ELSEWHERE = {"a file size limit (ulimit -f) reached during an evaluation"}

def cartpole(tmp_path: Path) -> str:
    """A small CartPole spec, ``run.yaml``."""
    write_spec(tmp_path / "run.yaml", make_spec())
    return "run.yaml"


SCENARIOS = {
    "an env whose reset returns the observation alone (old gym API)": old_reset_env,
    "a key set twice on the command line": lambda p: [
        "train", "-c", cartpole(p), "--set", "loop.parameters.max_episodes=3",
        "--set", "loop.parameters.max_episodes=4"],
    "a logdir (or eval_logdir) that is a file": lambda p: [
        "train", "-c", cartpole(p), "--set", "loop.parameters.logdir=/dev/null"],
    "the seed set by --set and by --seed": lambda p: ["train", "-c", cartpole(p), "--set", "seed=7", "--seed", "8"],
}
