"""A message raised by code that both ``gym-loop train`` and a Python caller (train_agent) reach gives its advice in
the caller's terms: a command line for the CLI, a train_agent call and run_params for Python (docs/errors.rst)."""

from pathlib import Path

import pytest

from conftest import make_spec, run_cli, write_spec
from gym_loop.errors import RunStopped, SpecError
from gym_loop.gym_loop import train_agent
from gym_loop.schedule import Stop

DOCS = Path(__file__).parent.parent / "docs" / "errors.rst"


class StopAfterTwo:
    """A rule that stops the run as Ctrl-C would, after episode 2."""

    def after_episode(self, progress):
        return Stop("interrupted", "interrupted after episode 2") if progress.episodes == 2 else None


def test_a_run_stopped_in_python_says_how_to_resume_in_python(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    with pytest.raises(RunStopped) as stopped:
        train_agent(make_spec(max_episodes=4, logdir=None), run_dir="r", extra_rules=[StopAfterTwo()])
    assert str(stopped.value) == "interrupted after episode 2 of 4; resume with: train_agent(None, resume='r')"
    assert train_agent(None, resume="r").episodes == 4  # as it says
    assert "train_agent(None, resume=" in DOCS.read_text()


def test_the_cli_keeps_its_command_lines(tmp_path):
    write_spec(tmp_path / "s.yaml", make_spec(max_episodes=2, logdir=None))
    assert run_cli("-q", "train", "-c", "s.yaml", "--run-dir", "r", cwd=tmp_path).returncode == 0
    result = run_cli("train", "--resume", "r", cwd=tmp_path)
    assert result.stderr.strip().splitlines()[-1] == (
        "Error: r already ran 2 of 2 episodes; to train longer: gym-loop train --resume r --set "
        "loop.parameters.max_episodes=N")


def test_turning_periodic_evaluation_on_in_a_python_resume_is_refused_in_python_terms(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    train_agent(make_spec(max_episodes=2, logdir=None, episodes_per_eval=None), run_dir="r")
    with pytest.raises(SpecError) as refused:
        train_agent(make_spec(max_episodes=4, logdir=None, episodes_per_eval=1), resume="r")
    assert str(refused.value) == ("loop.parameters.episodes_per_eval: train_agent(resume=...) cannot turn periodic "
                                  "evaluation on; put the run's value back: loop.parameters.episodes_per_eval=None "
                                  "in run_params")
