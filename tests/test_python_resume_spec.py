"""From Python, ``train_agent(spec, resume=run_dir)`` and ``eval_agent(spec, run_dir=...)`` with the quickstart's
spec (``seed: null``) use the run's seed, as ``--resume`` and ``eval --run`` do; ``None`` is the run's spec.yaml."""

import json

import pytest
import yaml

from gym_loop.errors import RunStopped, SpecError
from gym_loop.gym_loop import eval_agent, get_default_params, train_agent
from gym_loop.schedule import Stop


def _spec(max_episodes):
    spec = get_default_params("gym_loop.agents.random_agent:RandomAgent", "gym_loop.loops.default_loop:DefaultLoop")
    spec["env"]["name"] = "CartPole-v1"
    spec["loop"]["parameters"]["max_episodes"] = max_episodes
    return spec


def test_the_quickstarts_spec_resumes_and_evaluates_with_the_runs_seed(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    summary = train_agent(_spec(3), name="cartpole")
    seed = yaml.safe_load((summary.run_dir / "spec.yaml").read_text())["seed"]
    resumed = train_agent(_spec(5), resume=summary.run_dir)  # seed: null, as get_default_params gives it
    assert (resumed.status, resumed.episodes) == ("finished", 5)
    assert yaml.safe_load((summary.run_dir / "spec.yaml").read_text())["seed"] == seed
    eval_agent(_spec(5), checkpoint="latest", run_dir=summary.run_dir)
    [written] = (summary.run_dir / "eval_logs").glob("summary-*.json")
    assert json.loads(written.read_text())["seed"] == seed


class StopAfterTwo:
    """A rule that stops the run as Ctrl-C would, after episode 2."""

    def after_episode(self, progress):
        return Stop("interrupted", "interrupted after episode 2") if progress.episodes == 2 else None


def test_resume_without_a_spec_reads_the_runs_spec_yaml(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    with pytest.raises(RunStopped):
        train_agent(_spec(4), run_dir=tmp_path / "r", extra_rules=[StopAfterTwo()])
    resumed = train_agent(None, resume=tmp_path / "r")
    assert (resumed.status, resumed.episodes) == ("finished", 4)
    assert len((tmp_path / "r" / "episodes.csv").read_text().splitlines()) == 1 + 4


def test_resume_without_a_spec_of_a_folder_that_is_no_run_says_so(tmp_path):
    with pytest.raises(SpecError, match=r"^resume: .* is not a run folder"):
        train_agent(None, resume=tmp_path)
