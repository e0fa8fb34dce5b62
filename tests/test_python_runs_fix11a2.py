"""A run from Python ends as it should (tester11a-1, -4, -12, -23): sys.exit() in the agent is a failure, a signal in
the last episode reaches the caller, train() after a failed train() goes back to a point the run was whole at, and a
working-directory change during a run moves none of its files."""

import csv
import json
import os
import subprocess
import sys
from pathlib import Path

import gymnasium as gym
import pytest

from gym_loop.agents import BaseAgent
from gym_loop.errors import GymLoopError
from gym_loop.loops.default_loop import DefaultLoop


class Exiting(BaseAgent):
    def act(self, state, episode_num):
        if episode_num == 1:
            sys.exit(0)
        return self.action_space.sample()


class Failing(BaseAgent):
    fail_at = 3

    def act(self, state, episode_num):
        return int(self.rng.integers(2))

    def update(self, episode_num):
        if episode_num == self.fail_at:
            raise ValueError("boom")


def loop_of(agent_class, **parameters):
    env = gym.make("CartPole-v1")
    return DefaultLoop(agent_class(observation_space=env.observation_space, action_space=env.action_space), env,
                       seed=1, **parameters)


def rows(path):
    with open(path) as file:
        return list(csv.DictReader(file))


@pytest.mark.parametrize("call, words", [("train", "during training, at episode 1, step 1; the run failed"),
                                         ("evaluate", "during evaluation, at episode 1, step 1; nothing was evaluated")])
def test_sys_exit_in_the_agent_fails_a_python_run(tmp_path, monkeypatch, call, words):
    monkeypatch.chdir(tmp_path)
    loop = loop_of(Exiting, max_episodes=3)
    with pytest.raises(GymLoopError, match=f"^agent.act called sys.exit\\(0\\) {words}$"):
        getattr(loop, call)()


@pytest.mark.parametrize("every", [None, 2])
def test_train_after_a_failed_train_starts_over_or_continues_from_the_checkpoint(tmp_path, monkeypatch, caplog, every):
    whole = tmp_path / "whole"
    whole.mkdir()
    monkeypatch.chdir(whole)
    expected = loop_of(Failing, max_episodes=5, episodes_per_checkpoint=every)
    expected.agent.fail_at = None
    expected.train()
    monkeypatch.chdir(tmp_path)
    loop = loop_of(Failing, max_episodes=5, episodes_per_checkpoint=every)
    with pytest.raises(GymLoopError, match="boom"):
        loop.train()
    loop.agent.fail_at = None  # the bug fixed, in the notebook
    summary = loop.train()
    said = "continues from its latest checkpoint agent-000002" if every else "starts over from episode 0"
    assert any(said in record.getMessage() for record in caplog.records)
    played = rows("episodes.csv")
    assert [row["episode"] for row in played] == ["0", "1", "2", "3", "4"]
    steps = 0
    for row in played:  # global_step counts the steps of the episodes logged, no more
        steps += int(row["length"])
        assert int(row["global_step"]) == steps
    assert summary.global_step == steps
    if every is None:  # started over from the seeded start: the episodes of a run that never failed
        assert [row["return"] for row in played] == [row["return"] for row in rows(whole / "episodes.csv")]


SIGNALLING = """
import os, signal, sys
from gym_loop.agents import BaseAgent
from gym_loop.gym_loop import train_agent, get_default_params

class A(BaseAgent):
    sent = False
    def act(self, state, episode_num):
        if episode_num == 2 and not A.sent:  # the last episode
            A.sent = True
            os.kill(os.getpid(), getattr(signal, sys.argv[2]))
        return int(self.rng.integers(2))

if sys.argv[1] == "loop":
    import gymnasium as gym
    from gym_loop.loops.default_loop import DefaultLoop
    env = gym.make("CartPole-v1")
    train = DefaultLoop(A(observation_space=env.observation_space, action_space=env.action_space), env,
                        max_episodes=3).train
else:
    spec = get_default_params("__main__:A", "gym_loop.loops.default_loop:DefaultLoop")
    spec["env"]["name"] = "CartPole-v1"
    spec["loop"]["parameters"]["max_episodes"] = 3
    train = lambda: train_agent(spec, name="r")
try:
    print("trained", train().status)
except KeyboardInterrupt:
    print("KeyboardInterrupt")
print("the next run")
"""


@pytest.mark.parametrize("how", ["loop", "train_agent"])
@pytest.mark.parametrize("sent", ["SIGINT", "SIGTERM"])
def test_a_signal_in_the_last_episode_reaches_the_python_caller(tmp_path, how, sent):
    (tmp_path / "signalling.py").write_text(SIGNALLING)
    result = subprocess.run([sys.executable, "signalling.py", how, sent], cwd=tmp_path, capture_output=True, text=True,
                            timeout=120, env={**os.environ, "PYTHONPATH": str(Path(__file__).parent.parent)})
    if sent == "SIGTERM":  # Python's default: the process ends, as the scheduler asked
        assert result.returncode == -15 and "the next run" not in result.stdout, result.stderr
    else:
        assert result.stdout.splitlines() == ["KeyboardInterrupt", "the next run"], result.stderr
    assert "the run finished; the signal is passed on" in result.stderr
    assert len(rows(tmp_path / (next(tmp_path.glob("runs/r-*")) if how == "train_agent" else tmp_path)
                    / "episodes.csv")) == 3
    if how == "train_agent":
        assert json.loads((next(tmp_path.glob("runs/r-*")) / "run.json").read_text())["status"] == "finished"


def test_every_statistic_refuses_a_nan_score_alike():
    """tester11a-7: iqm dropped a NaN, the profile and the probability counted it a loss, mean/median gave NaN."""
    import numpy as np
    from gym_loop import stats

    scores = [1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, float("nan")]
    calls = {"iqm": lambda: stats.iqm(scores), "mean": lambda: stats.AGGREGATES["mean"](scores),
             "median": lambda: stats.AGGREGATES["median"](scores),
             "bootstrap_ci": lambda: stats.bootstrap_ci(np.array(scores), stats.iqm),
             "performance_profile": lambda: stats.performance_profile(scores, [0.5]),
             "probability_of_improvement": lambda: stats.probability_of_improvement([3.0] * 8, scores),
             "improvement_ci": lambda: stats.improvement_ci(scores, [3.0] * 8)}
    for name, call in calls.items():
        with pytest.raises(ValueError, match=f"^{name}: the score at index 7 is NaN"):
            call()
    assert stats.iqm(scores[:7]) == 4.0


class Chdir(BaseAgent):
    """A library that changes the working directory during the run (or a notebook's %cd while it trains)."""

    def act(self, state, episode_num):
        if episode_num == 1 and os.path.basename(os.getcwd()) != "elsewhere":
            os.chdir("elsewhere")
        return int(self.rng.integers(2))


@pytest.mark.parametrize("how", ["loop", "train_agent"])
def test_a_working_directory_change_during_a_run_moves_none_of_its_files(tmp_path, monkeypatch, caplog, how):
    """tester11a-23: train_agent failed as 'the run folder ... was moved to <the same folder>'; loop.train() split
    its files between two folders and warned that its event file was deleted."""
    from gym_loop.gym_loop import get_default_params, train_agent

    (tmp_path / "elsewhere").mkdir()
    monkeypatch.chdir(tmp_path)
    if how == "loop":
        loop_of(Chdir, max_episodes=4, episodes_per_checkpoint=2).train()
        run = tmp_path
    else:
        spec = get_default_params("test_python_runs_fix11a2:Chdir", "gym_loop.loops.default_loop:DefaultLoop")
        spec["env"]["name"] = "CartPole-v1"
        spec["loop"]["parameters"].update(max_episodes=4, episodes_per_checkpoint=2)
        summary = train_agent(spec, name="x")
        assert summary.status == "finished"
        [run] = (tmp_path / "runs").iterdir()
        assert json.loads((run / "run.json").read_text())["status"] == "finished"
    assert sorted(path.name for path in (tmp_path / "elsewhere").iterdir()) == []
    assert len(rows(run / "episodes.csv")) == 4
    assert sorted(path.name for path in (run / "checkpoints").glob("agent-*")) == ["agent-000002", "agent-000004"]
    assert len(list((run / "logs").iterdir())) == 1
    assert not [record for record in caplog.records if "deleted" in record.getMessage()]
