"""A budget in env steps alone (SB3's total_timesteps, CleanRL's --total-timesteps): max_steps without max_episodes is
not cut by the default max_episodes 5, and max_episodes: null means no episode limit (tester8f-12)."""

import csv

import gymnasium
import pytest
import yaml
from conftest import run_cli

from gym_loop.agents.random_agent import RandomAgent
from gym_loop.errors import SpecError
from gym_loop.loops.default_loop import DefaultLoop

STEPS = ("agent: {class: gym_loop.agents.random_agent:RandomAgent}\nenv: {name: CartPole-v1}\n"
         "loop:\n  class: gym_loop.loops.default_loop:DefaultLoop\n  parameters: {max_steps: 400}\nseed: 1\n")


def _rows(run):
    with open(run / "episodes.csv") as lines:
        return list(csv.DictReader(lines))


@pytest.mark.parametrize("extra", [[], ["-s", "loop.parameters.max_episodes=null"]])
def test_max_steps_alone_or_max_episodes_null_trains_by_env_steps(tmp_path, extra):
    (tmp_path / "steps.yaml").write_text(STEPS)
    ran = run_cli("train", "-c", "steps.yaml", "--run-dir", "run", *extra, cwd=tmp_path)
    assert ran.returncode == 0, ran.stderr
    rows = _rows(tmp_path / "run")
    assert len(rows) > 5 and int(rows[-1]["global_step"]) >= 400 > int(rows[-2]["global_step"])
    assert yaml.safe_load((tmp_path / "run" / "spec.yaml").read_text())["loop"]["parameters"]["max_episodes"] is None
    assert "WARNING" not in ran.stderr
    resumed = run_cli("-q", "train", "--resume", "run", "-s", "loop.parameters.max_steps=600", cwd=tmp_path)
    assert resumed.returncode == 0, resumed.stderr
    assert int(_rows(tmp_path / "run")[-1]["global_step"]) >= 600


def test_max_episodes_ending_the_run_before_max_steps_says_so(tmp_path):
    (tmp_path / "steps.yaml").write_text(STEPS)
    ran = run_cli("-q", "train", "-c", "steps.yaml", "-s", "loop.parameters.max_episodes=2", cwd=tmp_path)
    assert ran.returncode == 0, ran.stderr
    assert "WARNING: loop.parameters.max_steps: 400 was not reached (" in ran.stderr
    assert "env steps): max_episodes (2) ended the run first; set max_episodes: null to train by env steps alone" \
        in ran.stderr


def test_max_episodes_null_without_max_steps_is_refused(tmp_path):
    (tmp_path / "steps.yaml").write_text(STEPS)
    ran = run_cli("-q", "train", "-c", "steps.yaml", "-s", "loop.parameters.max_episodes=null",
                  "-s", "loop.parameters.max_steps=null", cwd=tmp_path)
    assert ran.returncode == 2
    assert ran.stderr == ("Error: loop.parameters.max_episodes: null (no episode limit) needs max_steps, or training "
                          "would never end; give max_steps, or a number of episodes\n")
    assert not (tmp_path / "runs").exists()


def test_a_loop_built_in_python_with_max_steps_alone_trains_by_steps(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    env = gymnasium.make("CartPole-v1")
    loop = DefaultLoop(RandomAgent(action_space=env.action_space), env, seed=1, max_steps=300, logdir=None)
    assert loop.max_episodes is None
    summary = loop.train()
    assert summary.global_step >= 300 and summary.episodes > 5
    with pytest.raises(SpecError, match="max_episodes: null"):
        DefaultLoop(RandomAgent(action_space=env.action_space), env, max_episodes=None)
    env.close()


def test_a_tune_of_a_budget_in_env_steps_alone_runs_its_trials(tmp_path):
    (tmp_path / "sp.yaml").write_text("loop.parameters.max_episode_len: {int: [50, 100]}\n")
    (tmp_path / "t.yaml").write_text("agent: {class: gym_loop.agents.cross_entropy:CrossEntropyAgent}\n"
                                     "env: {name: CartPole-v1}\n"
                                     "loop: {parameters: {max_steps: 200, episodes_per_eval: 2, eval_episodes: 1}}\n"
                                     "seed: 1\n")
    ran = run_cli("-q", "tune", "-c", "t.yaml", "--space", "sp.yaml", "--trials", "1", cwd=tmp_path)
    assert ran.returncode == 0, ran.stderr
    assert ",COMPLETE," in (tmp_path / "tunes" / "t" / "trials.csv").read_text()
