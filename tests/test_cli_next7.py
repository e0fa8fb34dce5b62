"""``--debug`` shows click's usage lines for an option missing its value too (docs/errors.rst), and a run whose
periodic evaluations a rule asked for (train_agent's extra_rules, episodes_per_eval off) may turn episodes_per_eval
on when it is resumed: its checkpoints hold the evaluation env's generators (docs/runs.rst, Resume)."""

import pytest

from conftest import make_spec, run_cli
from gym_loop.gym_loop import train_agent
from gym_loop.schedule import EVALUATE

USAGE = "Usage: gym-loop train (-c SPEC | --resume RUN_FOLDER) [OPTIONS]"


@pytest.mark.parametrize("args", [("--debug", "train", "-c"), ("train", "--debug", "-c"), ("--debug", "train",
                                                                                         "--resume")])
def test_debug_shows_the_usage_of_an_option_missing_its_value(tmp_path, args):
    result = run_cli(*args, cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr.splitlines()[0] == USAGE
    assert result.stderr.splitlines()[-1] == f"Error: Option '{args[-1]}' requires an argument."


def test_without_debug_it_stays_one_line(tmp_path):
    result = run_cli("train", "-c", cwd=tmp_path)
    assert result.stderr == "Error: Option '-c' requires an argument. (see gym-loop train --help)\n"


class EveryTwo:
    """Asks for a periodic evaluation every 2 episodes."""

    def after_episode(self, progress):
        return EVALUATE if progress.episodes % 2 == 0 else None


def test_a_run_evaluated_by_a_rule_resumes_with_episodes_per_eval_on(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    train_agent(make_spec(max_episodes=4, logdir=None, episodes_per_eval=None), run_dir="r", extra_rules=[EveryTwo()])
    result = run_cli("-q", "train", "--resume", "r", "--set", "loop.parameters.max_episodes=8",
                     "--set", "loop.parameters.episodes_per_eval=2", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert [row.split(",")[0] for row in (tmp_path / "r" / "evals.csv").read_text().splitlines()[1:]] == [
        "2", "4", "6", "8"]


def test_a_run_without_an_evaluation_env_still_cannot_turn_it_on(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    train_agent(make_spec(max_episodes=2, logdir=None, episodes_per_eval=None), run_dir="r")
    result = run_cli("train", "--resume", "r", "--set", "loop.parameters.max_episodes=4",
                     "--set", "loop.parameters.episodes_per_eval=2", cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr.splitlines()[-1] == (
        "Error: loop.parameters.episodes_per_eval: --resume cannot turn periodic evaluation on; put the run's value "
        "back: --set loop.parameters.episodes_per_eval=null")
