"""fix9a: a tune records its command and versions, and its trials run one-threaded as a sweep's (tester9a-9, -10)."""

import json
import os
import subprocess

import yaml

from conftest import GYM_LOOP, make_spec, write_spec

QLEARNING = "gym_loop.agents.q_learning:QLearningAgent"


def test_a_tune_records_its_command_and_versions_and_runs_trials_one_threaded(tmp_path):
    spec = make_spec("FrozenLake-v1", QLEARNING, max_episodes=4, episodes_per_eval=2, eval_episodes=1,
                     episodes_per_checkpoint=2, max_episode_len=20)
    write_spec(tmp_path / "lake.yaml", spec)
    (tmp_path / "space.yaml").write_text(yaml.safe_dump({"agent.parameters.learning_rate": {"float": [0.01, 0.9]}}))
    environment = {key: value for key, value in os.environ.items() if key not in ("OMP_NUM_THREADS", "MKL_NUM_THREADS")}
    done = subprocess.run([GYM_LOOP, "-q", "tune", "-c", "lake.yaml", "--space", "space.yaml", "--seeds", "0",
                           "--trials", "1", "--pruner", "none", "--name", "t"], cwd=tmp_path, env=environment,
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    start = json.loads((tmp_path / "tunes" / "t" / "tune.json").read_text())["starts"][0]
    assert start["command"][1:] == ["-q", "tune", "-c", "lake.yaml", "--space", "space.yaml", "--seeds", "0",
                                    "--trials", "1", "--pruner", "none", "--name", "t"]
    assert start["cwd"] == str(tmp_path)
    assert start["versions"]["optuna"] and start["versions"]["gym_loop"]
    assert "git" in start
    [record] = [json.loads(path.read_text()) for path in (tmp_path / "tunes" / "t").rglob("run.json")]
    assert (record["threads"]["OMP_NUM_THREADS"], record["threads"]["MKL_NUM_THREADS"]) == ("1", "1")
