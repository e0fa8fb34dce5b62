"""Both loops check the agent's first action by one rule (answers.first_checked): a torch tensor for a Discrete space
is refused at step 1 by DefaultLoop and VectorLoop, also where the env would take it (tester8b-2)."""

import textwrap

import pytest
import yaml

from conftest import run_cli

TORCH_ACT = textwrap.dedent('''
    import torch
    from gym_loop.agents import BaseAgent
    class TorchAct(BaseAgent):
        def act(self, state, episode_num):
            return torch.tensor(int(self.rng.integers(2)))
''')
LENIENT = textwrap.dedent('''
    import numpy as np, gymnasium as gym
    class Lenient(gym.Env):
        """Takes any action without checking it."""
        observation_space = gym.spaces.Box(-1, 1, (3,), np.float32); action_space = gym.spaces.Discrete(2)
        def reset(self, seed=None, options=None):
            super().reset(seed=seed); self.t = 0; return np.zeros(3, np.float32), {}
        def step(self, a):
            self.t += 1; return np.zeros(3, np.float32), 1.0, self.t >= 5, False, {}
    gym.register("Lenient-v0", entry_point="lenient:Lenient")
''')
VECTOR = "gym_loop.loops.vector_loop:VectorLoop"


@pytest.mark.parametrize("env", ["CartPole-v1", "Lenient-v0"])
@pytest.mark.parametrize("loop", ["gym_loop.loops.default_loop:DefaultLoop", VECTOR])
def test_a_tensor_for_discrete_is_refused_at_step_1_by_both_loops(tmp_path, loop, env):
    pytest.importorskip("torch")
    (tmp_path / "ta.py").write_text(TORCH_ACT)
    (tmp_path / "lenient.py").write_text(LENIENT)
    parameters = {"max_episodes": 4, **({"num_envs": 2} if loop == VECTOR else {})}
    spec = {"agent": {"class": "ta.py:TorchAct"}, "env": {"name": env, "imports": ["lenient"]},
            "loop": {"class": loop, "parameters": parameters}, "seed": 1}
    (tmp_path / "s.yaml").write_text(yaml.safe_dump(spec))
    result = run_cli("train", "-q", "-c", "s.yaml", cwd=tmp_path)
    assert result.returncode == 1, result.stderr
    where = " for sub-env 0," if loop == VECTOR else ","
    assert f"Error: agent.act returned tensor(0){where} not an action of Discrete(2) (return int(action) or " \
           "action.item())" in result.stderr, result.stderr
    assert ("after 0 episodes, at env step 0" if loop == VECTOR else "at episode 0, step 1") in result.stderr
    result = run_cli("eval", "-q", "-c", "s.yaml", cwd=tmp_path)  # evaluation: the same rule
    assert result.returncode == 1 and "agent.act returned tensor(" in result.stderr, result.stderr
    assert "at episode 0, step 1" in result.stderr
