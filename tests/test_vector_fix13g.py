"""tester13g-8: vector_entry_point with a wrapper on the single env's spec: one line with the fix."""

import os

from conftest import run_cli

WRAPPED = '''
import gymnasium
from gymnasium.wrappers import NormalizeReward
def norm_cartpole(**kwargs):
    return NormalizeReward(gymnasium.make("CartPole-v1", **kwargs))
gymnasium.register("NormCartPole-v1", entry_point=norm_cartpole, max_episode_steps=500,
                   vector_entry_point="gymnasium.envs.classic_control.cartpole:CartPoleVectorEnv")
'''


def test_vector_entry_point_of_an_env_wrapped_after_its_entry_point_is_refused_with_the_fix(tmp_path):
    (tmp_path / "wrapped_envs_g.py").write_text(WRAPPED)
    (tmp_path / "run.yaml").write_text(
        "agent: {class: gym_loop.agents.random_agent:RandomAgent}\n"
        "env: {name: NormCartPole-v1, imports: [wrapped_envs_g]}\n"
        "loop:\n  class: gym_loop.loops.vector_loop:VectorLoop\n"
        "  parameters: {num_envs: 2, max_episodes: 2, vectorization_mode: vector_entry_point}\n")
    result = run_cli("train", "-c", "run.yaml", cwd=tmp_path,
                     env={"PYTHONPATH": os.pathsep.join([str(tmp_path), os.environ.get("PYTHONPATH", "")])})
    assert result.returncode == 2 and result.stderr.strip().splitlines()[-1] == (
        "Error: loop.parameters.vectorization_mode: env NormCartPole-v1 is wrapped (NormalizeReward) after its entry "
        "point, which vector_entry_point cannot play; use vectorization_mode: sync or async")
