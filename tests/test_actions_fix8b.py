"""Both loops check the agent's first action by one rule (answers.first_checked): a torch tensor for a Discrete space
is refused at step 1 by DefaultLoop and VectorLoop, also where the env would take it (tester8b-2)."""

import textwrap

import pytest
import yaml

from conftest import run_cli
from fix8b_scenarios import write_envs

TORCH_ACT = textwrap.dedent('''
    import torch
    from gym_loop.agents import BaseAgent
    class TorchAct(BaseAgent):
        def act(self, state, episode_num):
            return torch.tensor(int(self.rng.integers(2)))
''')
VECTOR = "gym_loop.loops.vector_loop:VectorLoop"


@pytest.mark.parametrize("env", ["CartPole-v1", "Base-v0"])  # Base-v0 takes any action
@pytest.mark.parametrize("loop", ["gym_loop.loops.default_loop:DefaultLoop", VECTOR])
def test_a_tensor_for_discrete_is_refused_at_step_1_by_both_loops(tmp_path, loop, env):
    pytest.importorskip("torch")
    (tmp_path / "ta.py").write_text(TORCH_ACT)
    write_envs(tmp_path)
    parameters = {"max_episodes": 4, **({"num_envs": 2} if loop == VECTOR else {})}
    spec = {"agent": {"class": "ta.py:TorchAct"}, "env": {"name": env, "imports": ["fix8b_envs"]},
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
