"""max_steps with episodes that nothing bounds: a warning when the run starts (tester8b-10)."""

import yaml

from conftest import run_cli
from fix8b_scenarios import write_envs

WARNING = ("WARNING: loop.parameters.max_episode_len: null, and Base-v0 has no time limit, so max_steps 30, checked "
           "as each episode ends, stops no episode that never ends; set max_episode_len to bound an episode")


def _train(tmp_path, **parameters):
    write_envs(tmp_path)  # Base-v0: registered without a time limit; its episodes end, so the test ends
    spec = {"agent": {"class": "gym_loop.agents:RandomAgent"}, "env": {"name": "Base-v0", "imports": ["fix8b_envs"]},
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
