"""review8: gym-loop tune warns of a path-like value only where a trial can have it: not of the base spec's value at
a key the search space sets in every trial."""

import pytest
import yaml

from conftest import make_spec, run_cli, write_spec
from test_paths_fix7a import SAVER, warning

pytest.importorskip("optuna")


def test_a_tune_does_not_warn_of_a_base_value_the_space_replaces(tmp_path):
    (tmp_path / "saver.py").write_text(SAVER.replace("{RULES}", '{"checkpoint": TEXT}'))
    spec = make_spec(max_episodes=1, episodes_per_eval=1, eval_episodes=1, max_episode_len=5, logdir=None)
    spec["agent"] = {"class": "saver.py:Saver", "parameters": {"model_path": "./base_never_used.txt"}}
    write_spec(tmp_path / "s.yaml", spec)
    space = {"agent.parameters.model_path": {"categorical": ["/tmp/review8_a.txt", "./b.txt"]}}
    (tmp_path / "space.yaml").write_text(yaml.safe_dump(space))
    result = run_cli("tune", "-c", "s.yaml", "--space", "space.yaml", "--trials", 1, "--seeds", "0", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    warned = [line for line in result.stderr.splitlines() if "relative to the working directory" in line]
    assert warned == [warning("model_path", "./b.txt")], result.stderr
