"""left8: gym-loop tune warns of a path-like parameter without a rule whose values come from the search space, as
train and sweep warn of one in the spec (once per tune, for each value the space can give it); review8: not of the
base spec's value at a key the space sets in every trial."""

import pytest
import yaml

from conftest import make_spec, run_cli, write_spec
from test_paths_fix7a import SAVER, warning

pytest.importorskip("optuna")


def tune_warnings(tmp_path, base_value, choices):
    """The path warnings of a one-trial tune of ``agent.parameters.model_path``: ``base_value``, searched over
    ``choices``."""
    (tmp_path / "saver.py").write_text(SAVER.replace("{RULES}", '{"checkpoint": TEXT}'))
    spec = make_spec(max_episodes=1, episodes_per_eval=1, eval_episodes=1, max_episode_len=5, logdir=None)
    spec["agent"] = {"class": "saver.py:Saver", "parameters": {"model_path": base_value}}
    write_spec(tmp_path / "s.yaml", spec)
    (tmp_path / "space.yaml").write_text(yaml.safe_dump({"agent.parameters.model_path": {"categorical": choices}}))
    result = run_cli("tune", "-c", "s.yaml", "--space", "space.yaml", "--trials", 1, "--seeds", "0", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    return [line for line in result.stderr.splitlines() if "relative to the working directory" in line]


def test_a_tune_warns_of_a_path_like_key_in_its_space(tmp_path):
    warned = tune_warnings(tmp_path, "/tmp/left8_never_written.txt", ["./a.txt", "/tmp/left8_b.txt", "./c.txt"])
    assert warned == [warning("model_path", "./a.txt"), warning("model_path", "./c.txt")]


def test_a_tune_does_not_warn_of_a_base_value_the_space_replaces(tmp_path):
    warned = tune_warnings(tmp_path, "./base_never_used.txt", ["/tmp/review8_a.txt", "./b.txt"])
    assert warned == [warning("model_path", "./b.txt")]
