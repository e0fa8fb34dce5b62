"""Periodic evaluations never change training; an evaluation a rule asks for gets the env and evals.csv it needs."""

import json

import pytest
import yaml

from conftest import make_spec, run_cli, write_spec

EXPLORING_AGENT = '''
import numpy as np
from gym_loop.agents.base_agent import BaseAgent


class Exploring(BaseAgent):
    """Acts at random from every generator a run seeds or an agent may use, in training and evaluation alike."""

    def act(self, state, episode_num, evaluation=False):
        draws = self.rng.integers(2) + self.action_space.sample() + np.random.randint(2)
        return int(draws % 2)
'''


def rows(run):
    """episodes.csv without the seconds column."""
    return [line.rsplit(",", 1)[0] for line in (run / "episodes.csv").read_text().splitlines()]


@pytest.mark.parametrize("agent", ["gym_loop.agents.random_agent:RandomAgent", "exploring.py:Exploring"])
def test_periodic_evaluations_leave_training_as_without_them(tmp_path, agent):
    (tmp_path / "exploring.py").write_text(EXPLORING_AGENT)
    spec = {**make_spec(max_episodes=6, max_episode_len=200), "seed": 11}
    spec["agent"] = {"class": agent, "parameters": {}}
    write_spec(tmp_path / "run.yaml", spec)
    runs = {}
    for name, evaluation in (("plain", []), ("every2", ["episodes_per_eval=2", "eval_episodes=3"]),
                             ("every1", ["episodes_per_eval=1", "eval_episodes=1"])):
        sets = [arg for value in evaluation for arg in ("--set", f"loop.parameters.{value}")]
        result = run_cli("train", "-c", "run.yaml", "--run-dir", name, *sets, cwd=tmp_path)
        assert result.returncode == 0, result.stderr
        runs[name] = rows(tmp_path / name)
    assert runs["plain"] == runs["every2"] == runs["every1"]
    evals = (tmp_path / "every2" / "evals.csv").read_text().splitlines()[1:]
    assert len(evals) == 3 and len({row.split(",")[2] for row in evals}) > 1  # the evaluations still play at random


class EvaluateAt:
    """A rule of the user's: an evaluation after the given episode counts, and no periodic ones."""

    def __init__(self, *episodes):
        self.episodes = episodes

    def after_episode(self, progress):
        from gym_loop.schedule import EVALUATE

        return EVALUATE if progress.episodes in self.episodes else None


def test_a_rule_asks_for_evaluations_without_episodes_per_eval_and_the_cli_resumes_the_run(tmp_path):
    from gym_loop.gym_loop import train_agent

    spec = {**make_spec(max_episodes=4, episodes_per_checkpoint=2, episodes_per_eval=None, eval_episodes=2), "seed": 3}
    summary = train_agent(spec, run_dir=tmp_path / "run", extra_rules=[EvaluateAt(1, 3)])
    run = tmp_path / "run"
    assert summary.status == "finished" and summary.episodes == 4
    evals = (run / "evals.csv").read_text().splitlines()
    assert [row.split(",")[0] for row in evals[1:]] == ["1", "3"]  # sweeps and tune read the rule's evaluations too
    resumed = run_cli("train", "--resume", run, "--set", "loop.parameters.max_episodes=6", cwd=tmp_path)
    assert resumed.returncode == 0, resumed.stderr  # the checkpoint holds the evaluation env's generators
    assert json.loads((run / "run.json").read_text())["status"] == "finished"
    assert len((run / "episodes.csv").read_text().splitlines()) == 7


class Recording:
    """A sink of the user's (a W&B or MLflow logger, say): notes what the run hands it."""

    def __init__(self):
        self.firsts, self.evaluations, self.scores, self.closed = [], [], None, False

    def episodes(self, first, group, metrics):
        self.firsts.extend(range(first, first + len(group)))

    def evaluation(self, result):
        self.evaluations.append(result.episode)

    def flush(self):
        pass

    def summary(self, scores):
        self.scores = scores

    def close(self):
        self.closed = True


def test_train_agent_and_eval_agent_take_sinks_of_the_users_beside_the_run_folder(tmp_path):
    from gym_loop.gym_loop import eval_agent, train_agent

    spec = {**make_spec(max_episodes=4, episodes_per_checkpoint=2, episodes_per_eval=2), "seed": 5}
    sink = Recording()
    summary = train_agent(spec, run_dir=tmp_path / "run", sinks=[sink])
    assert summary.status == "finished" and (tmp_path / "run" / "run.json").is_file()
    assert sink.firsts == [0, 1, 2, 3] and sink.evaluations == [2, 4] and sink.closed
    assert sink.scores["final/mean_return"] == summary.mean_return
    resumed = Recording()
    saved = yaml.safe_load((tmp_path / "run" / "spec.yaml").read_text())
    saved["loop"]["parameters"]["max_episodes"] = 6
    train_agent(saved, resume=tmp_path / "run", sinks=[resumed])
    assert resumed.firsts == [4, 5] and resumed.evaluations == [6]  # the resumed run's episodes only
    evaluated = Recording()
    eval_agent(saved, checkpoint="latest", run_dir=tmp_path / "run", sinks=[evaluated])
    assert evaluated.firsts == [0, 1] and evaluated.closed  # eval_episodes: 2
