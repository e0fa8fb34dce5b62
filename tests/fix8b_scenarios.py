"""The docs/errors.rst rows added for tester8b's defects (fix8b); tests/test_errors_table.py runs and counts them."""

import textwrap
from pathlib import Path

from conftest import make_spec, write_spec

RENDER_ENVS = textwrap.dedent('''
    import numpy as np, gymnasium as gym
    class Base(gym.Env):
        observation_space = gym.spaces.Box(-1, 1, (3,), np.float32); action_space = gym.spaces.Discrete(2)
        def reset(self, seed=None, options=None):
            super().reset(seed=seed); self.t = 0; return np.zeros(3, np.float32), {}
        def step(self, a):
            self.t += 1; return np.zeros(3, np.float32), 1.0, self.t >= 10, False, {}
    class AnsiOnly(Base):
        metadata = {"render_modes": ["ansi"]}
        def __init__(self, render_mode=None):
            self.render_mode = render_mode
        def render(self):
            return "x"
    class NoRender(Base):
        metadata = {"render_modes": []}
    gym.register("AnsiOnly-v0", entry_point="renv:AnsiOnly")
    gym.register("NoRender-v0", entry_point="renv:NoRender")
''')


def render_env(tmp_path: Path, name: str, command: str = "train", **loop):
    """``command`` of a spec whose env (of renv.py, written beside it) is ``name``."""
    (tmp_path / "renv.py").write_text(RENDER_ENVS)
    spec = make_spec(name, max_episodes=1, **loop)
    spec["env"]["imports"] = ["renv"]
    write_spec(tmp_path / "run.yaml", spec)
    return [command, "-c", "run.yaml"]


SCENARIOS = {
    "record on an env whose metadata lists render modes without rgb_array":
        lambda p: render_env(p, "AnsiOnly-v0", record=True),
    "eval_record on an env whose metadata lists render modes without rgb_array":
        lambda p: render_env(p, "AnsiOnly-v0", "eval", eval_record=True),
}

# tests/test_record_fix8b.py: the message word for word (Gymnasium warns first, on a line of its own)
TESTED_ELSEWHERE = {"record (or eval_record) on an env whose constructor takes no render_mode"}
