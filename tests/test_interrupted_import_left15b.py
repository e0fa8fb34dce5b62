"""left15b: a Ctrl-C (a notebook's "interrupt kernel") during the first ``loop.train()`` or ``loop.evaluate()`` of a
Python session, while gym-loop imports tensorboardX (a second or more), was a bare ``KeyboardInterrupt``; it is now
the run stopped before it began, one line (a ``StoppedAtOnce``: a ``RunStopped`` and still a ``KeyboardInterrupt``)."""

import sys

import gymnasium as gym
import pytest

from gym_loop.agents.random_agent import RandomAgent
from gym_loop.errors import StoppedAtOnce
from gym_loop.loops.default_loop import DefaultLoop


class Interrupting:
    """A meta path finder: the import of gym_loop.run (and so tensorboardX's) interrupted, as by Ctrl-C."""

    def find_spec(self, name, path=None, target=None):
        if name == "gym_loop.run":
            raise KeyboardInterrupt()
        return None


@pytest.fixture
def first_import(monkeypatch):
    monkeypatch.delitem(sys.modules, "gym_loop.run", raising=False)
    monkeypatch.setattr(sys, "meta_path", [Interrupting(), *sys.meta_path])


def _loop(tmp_path):
    env = gym.make("CartPole-v1")
    return DefaultLoop(RandomAgent(action_space=env.action_space), env, max_episodes=2, logdir=None,
                       checkpoint_dir=str(tmp_path / "checkpoints"), episodes_csv=str(tmp_path / "episodes.csv"),
                       evals_csv=str(tmp_path / "evals.csv"), eval_logdir=str(tmp_path / "eval_logs"))


def test_train_interrupted_while_importing_is_a_run_stopped(tmp_path, first_import):
    with pytest.raises(StoppedAtOnce) as stopped:
        _loop(tmp_path).train()
    assert str(stopped.value) == ("interrupted before the first episode; nothing was written; to go on, call train() "
                                  "again on this loop")
    assert isinstance(stopped.value, KeyboardInterrupt) and not list(tmp_path.iterdir())


def test_evaluate_interrupted_while_importing_is_a_run_stopped(tmp_path, first_import):
    with pytest.raises(StoppedAtOnce, match="^interrupted before the first evaluation episode ended; nothing was "
                                            "written$"):
        _loop(tmp_path).evaluate()
