"""The docs/errors.rst rows added for tester8b's defects (fix8b); tests/test_errors_table.py runs and counts them."""

import textwrap
from pathlib import Path

from conftest import make_spec, write_spec

# tester8b's envs, in one module written beside a test's spec as fix8b_envs.py (env.imports: [fix8b_envs])
ENVS = textwrap.dedent('''
    import numpy as np, gymnasium as gym
    class Base(gym.Env):
        """Ten steps of reward 1 (``reward``); no time limit is registered."""
        observation_space = gym.spaces.Box(-1, 1, (3,), np.float32); action_space = gym.spaces.Discrete(2)
        def __init__(self, reward=1.0):
            self.reward = reward
        def reset(self, seed=None, options=None):
            super().reset(seed=seed); self.t = 0; return np.zeros(3, np.float32), {}
        def step(self, a):
            self.t += 1; return np.zeros(3, np.float32), self.reward, self.t >= 10, False, {}
    class CloseBoom(Base):
        def close(self):
            raise RuntimeError("boom in close")
    class AnsiOnly(Base):
        metadata = {"render_modes": ["ansi"]}
        def __init__(self, render_mode=None):
            super().__init__(); self.render_mode = render_mode
        def render(self):
            return "x"
    class NoRender(Base):
        metadata = {"render_modes": []}
        def __init__(self):
            super().__init__()
    for name in ("Base", "CloseBoom", "AnsiOnly", "NoRender"):
        gym.register(f"{name}-v0", entry_point=f"fix8b_envs:{name}", disable_env_checker=True)
''')


def write_envs(tmp_path: Path) -> None:
    (tmp_path / "fix8b_envs.py").write_text(ENVS)


def render_env(tmp_path: Path, name: str, command: str = "train", **loop):
    """``command`` of a spec whose env (of fix8b_envs.py, written beside it) is ``name``."""
    write_envs(tmp_path)
    spec = make_spec(name, max_episodes=1, **loop)
    spec["env"]["imports"] = ["fix8b_envs"]
    write_spec(tmp_path / "run.yaml", spec)
    return [command, "-c", "run.yaml"]


EVAL_BUG = textwrap.dedent('''
    from gym_loop.agents import BaseAgent
    class EvalBug(BaseAgent):
        def act(self, state, episode_num, evaluation=False):
            if evaluation:
                raise RuntimeError("greedy path broken")
            return 0
''')


def odd_reward(tmp_path: Path, reward, **loop):
    """``train`` on an env whose every reward is ``reward``."""
    write_envs(tmp_path)
    spec = make_spec("Base-v0", max_episodes=2, **loop.pop("parameters", {}))
    spec["env"].update(imports=["fix8b_envs"], parameters={"reward": reward})
    spec["loop"].update(loop)
    write_spec(tmp_path / "run.yaml", spec)
    return ["train", "-c", "run.yaml", "-q"]


def eval_bug(tmp_path: Path):
    """``train`` of an agent whose act fails when called with evaluation=True, evaluated after episode 1."""
    (tmp_path / "ea.py").write_text(EVAL_BUG)
    spec = make_spec(max_episodes=2, episodes_per_eval=1)
    spec["agent"] = {"class": "ea.py:EvalBug"}
    write_spec(tmp_path / "run.yaml", spec)
    return ["train", "-c", "run.yaml", "-q"]


SCENARIOS = {
    "record on an env whose metadata lists render modes without rgb_array":
        lambda p: render_env(p, "AnsiOnly-v0", record=True),
    "eval_record on an env whose metadata lists render modes without rgb_array":
        lambda p: render_env(p, "AnsiOnly-v0", "eval", eval_record=True),
    "a reward that is a string (``\"1\"``, which ``float()`` would parse), checked as an episode ends (VectorLoop's "
    "vector env stores it as the number it spells)": lambda p: odd_reward(p, "1"),
    "a reward ``None`` under VectorLoop (which the vector env stores as NaN), found as the episode ends":
        lambda p: odd_reward(p, None, **{"class": "gym_loop.loops.vector_loop:VectorLoop",
                                         "parameters": {"num_envs": 2}}),
    "act (or the env) raises in a periodic evaluation (the step as the loop says it, without the episode_num act "
    "was given)": eval_bug,
}

# tests/test_record_fix8b.py: the message word for word (Gymnasium warns first, on a line of its own)
TESTED_ELSEWHERE = {"record (or eval_record) on an env whose constructor takes no render_mode"}
