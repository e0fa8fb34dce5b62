"""fix13a: ``eval --run RUN --set env...`` (another env config than the run's) warns of each change and records them
in the summary; an env whose spaces differ from the run's is refused before the checkpoint is loaded (tester13a-7)."""

import json

import yaml
from conftest import run_cli

SPEC = {"agent": {"class": "gym_loop.agents.q_learning:QLearningAgent"},
        "env": {"name": "FrozenLake-v1", "parameters": {"is_slippery": False}},
        "loop": {"parameters": {"max_episodes": 3, "eval_episodes": 2}}, "seed": 3}


def _trained(tmp_path):
    (tmp_path / "fl.yaml").write_text(yaml.safe_dump(SPEC))
    ran = run_cli("-q", "train", "-c", "fl.yaml", "--run-dir", "run", cwd=tmp_path)
    assert ran.returncode == 0, ran.stderr


def other_spaces(tmp_path):
    """The scenario of docs/errors.rst's row: a run of FrozenLake-v1 evaluated on FrozenLake8x8-v1."""
    _trained(tmp_path)
    return ["eval", "--run", "run", "--set", "env.name=FrozenLake8x8-v1"]


def test_another_env_config_is_warned_of_and_recorded(tmp_path):
    _trained(tmp_path)
    ran = run_cli("-q", "eval", "--run", "run", "--set", "env.parameters.is_slippery=true", "--set",
                  "env.parameters.map_name=4x4", cwd=tmp_path)
    assert ran.returncode == 0, ran.stderr
    assert "WARNING: env.parameters.is_slippery: evaluating with true, not the false the run trained with" \
        in ran.stderr.splitlines()
    assert "WARNING: env.parameters.map_name: evaluating with \"4x4\", not the env's default the run trained with" \
        in ran.stderr.splitlines()
    summary, = (tmp_path / "run" / "eval_logs").glob("summary-*.json")
    record = json.loads(summary.read_text())
    assert record["env_parameters"] == {"is_slippery": True, "map_name": "4x4"}
    assert record["env_changed"] == {"env.parameters.is_slippery": [False, True],
                                     "env.parameters.map_name": [None, "4x4"]}
    ran = run_cli("-q", "eval", "--run", "run", cwd=tmp_path)  # the run's own env: nothing to say
    assert ran.returncode == 0 and "WARNING" not in ran.stderr, ran.stderr
    # (not max() of the names: in the same second the new one is summary-...-<time>-2.json, sorted before)
    latest, = set((tmp_path / "run" / "eval_logs").glob("summary-*.json")) - {summary}
    assert "env_changed" not in json.loads(latest.read_text())


def test_an_env_of_other_spaces_is_refused_before_anything_is_played(tmp_path):
    args = other_spaces(tmp_path)
    ran = run_cli(*args, cwd=tmp_path)
    assert ran.returncode == 2
    assert ran.stderr.splitlines()[-1] == (
        "Error: env.name: this env's observation space Discrete(64) is not the Discrete(16) the run trained on "
        "(FrozenLake-v1), which its agent was built for; evaluate on an env with the run's spaces, or train a run "
        "on this one")
    assert not (tmp_path / "run" / "eval_logs").exists()
    ran = run_cli("-q", "eval", "--run", "run", "--set", "env.parameters.map_name=8x8", cwd=tmp_path)
    assert ran.returncode == 2 and "Error: env.parameters.map_name: this env's observation space" in ran.stderr
