"""The PyTorch examples run on one thread by default, and run.json records the thread settings."""

import json
import shutil

from conftest import make_spec, only_run, run_cli, write_spec
from test_runs import EXAMPLES

TINY_DQN = ["--set", "agent.parameters.learning_starts=20", "--set", "agent.parameters.train_freq=16",
            "--set", "agent.parameters.gradient_steps=2", "--set", "agent.parameters.batch_size=8",
            "--set", "agent.parameters.hidden_sizes=[8]", "--set", "loop.parameters.max_steps=60",
            "--set", "loop.parameters.episodes_per_eval=null", "--set", "loop.parameters.max_episode_len=30"]


def test_the_dqn_example_runs_on_one_thread_and_run_json_says_so(tmp_path):
    shutil.copytree(EXAMPLES, tmp_path / "examples")
    result = run_cli("train", "-c", "examples/dqn.yaml", *TINY_DQN, cwd=tmp_path,
                     env={"OMP_NUM_THREADS": "2", "MKL_NUM_THREADS": ""})
    assert result.returncode == 0, result.stderr
    record = json.loads((only_run(tmp_path) / "run.json").read_text())
    assert record["threads"] == {"OMP_NUM_THREADS": "2", "MKL_NUM_THREADS": "", "torch_num_threads": 1}


def test_without_torch_run_json_records_the_environment_only(tmp_path):
    write_spec(tmp_path / "run.yaml", make_spec(max_episodes=2, episodes_per_checkpoint=1))
    env = {"OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "3"}
    assert run_cli("train", "-c", "run.yaml", "--set", "loop.parameters.max_episodes=1", cwd=tmp_path,
                   env=env).returncode == 0
    run = only_run(tmp_path)
    resumed = run_cli("train", "--resume", run, "--set", "loop.parameters.max_episodes=2", cwd=tmp_path,
                      env={**env, "OMP_NUM_THREADS": "4"})
    assert resumed.returncode == 0, resumed.stderr
    record = json.loads((run / "run.json").read_text())
    assert record["resumed"][-1]["threads"] == {"OMP_NUM_THREADS": "4", "MKL_NUM_THREADS": "3",
                                                "torch_num_threads": None}
