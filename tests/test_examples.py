"""Every example runs from its YAML for a few hundred steps, checkpoints, resumes and evaluates."""

import shutil

import pytest

from conftest import read_scalars, run_cli
from test_runs import EXAMPLES, episodes, train

SMALL = {  # a few hundred steps, yet every part of the agent runs: training rounds, target copies, epochs
    "dqn": {"learning_starts": 50, "train_freq": 32, "gradient_steps": 4, "batch_size": 16,
            "exploration_steps": 100, "buffer_size": 1000, "hidden_sizes": "[32,32]"},
    "ppo": {"n_steps": 64, "batch_size": 16, "n_epochs": 2, "hidden_sizes": "[16,16]"},
    "hill_climbing": {},
}
METRICS = {"dqn": {"dqn/epsilon", "dqn/loss"}, "ppo": {"ppo/policy_loss", "ppo/value_loss", "ppo/clip_fraction"},
           "hill_climbing": {"hill_climbing/noise"}}


@pytest.fixture
def examples_dir(tmp_path):
    """The examples, where ``gym-loop train -c examples/<name>.yaml`` finds them: under the working directory."""
    shutil.copytree(EXAMPLES, tmp_path / "examples")
    return tmp_path


@pytest.mark.parametrize("name", sorted(SMALL))
def test_the_example_checkpoints_and_resumes_as_if_never_stopped(examples_dir, name):
    options = ["-c", f"examples/{name}.yaml", "--set", "loop.parameters.reward_threshold=null",
               "--set", "loop.parameters.episodes_per_eval=5", "--set", "loop.parameters.eval_episodes=2",
               "--set", "loop.parameters.max_episode_len=50"]
    for key, value in SMALL[name].items():
        options += ["--set", f"agent.parameters.{key}={value}"]
    whole = train(examples_dir, *options, "--set", "loop.parameters.max_steps=400")
    part = train(examples_dir, *options, "--set", "loop.parameters.max_steps=150")
    train(examples_dir, "--resume", part, "--set", "loop.parameters.max_steps=400")
    assert sum(length for *_, length in episodes(part)) >= 400
    assert episodes(part) == episodes(whole)
    scalars = read_scalars(part / "logs")
    assert METRICS[name] <= set(scalars)
    assert scalars == read_scalars(whole / "logs")
    result = run_cli("eval", "--run", part, "--checkpoint", "latest", cwd=examples_dir)
    assert result.returncode == 0, result.stderr
    assert "evaluated: 2 episodes" in result.stderr
