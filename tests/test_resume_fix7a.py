"""A resume from Python of a run with nothing left to train advises in Python's terms (tester7b-6)."""

import pytest
import yaml

from conftest import make_spec
from gym_loop.errors import GymLoopError
from gym_loop.gym_loop import train_agent


def test_a_finished_run_resumed_from_python_says_how_in_python(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    run = train_agent(make_spec(max_episodes=2)).run_dir
    with pytest.raises(GymLoopError) as refused:
        train_agent(None, resume=run)
    assert str(refused.value) == (f"{run} already ran 2 of 2 episodes; to train longer: train_agent(run_params, "
                                  f"resume='{run}') with loop.parameters.max_episodes=N in run_params (the run's "
                                  f"{run}/spec.yaml)")
    spec = yaml.safe_load((tmp_path / run / "spec.yaml").read_text())  # the advice, followed
    spec["loop"]["parameters"]["max_episodes"] = 3
    assert train_agent(spec, resume=run).episodes == 3


def test_a_solved_run_resumed_from_python_says_how_in_python(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    spec = make_spec(max_episodes=4, episodes_per_eval=1, eval_episodes=1, reward_threshold=1)
    summary = train_agent(spec)
    run = summary.run_dir
    with pytest.raises(GymLoopError) as refused:
        train_agent(None, resume=run)
    assert str(refused.value) == (f"{run} already finished, {summary.reason}; to train on: train_agent(run_params, "
                                  f"resume='{run}') with loop.parameters.reward_threshold=null (or a higher threshold) "
                                  f"in run_params (the run's {run}/spec.yaml)")
