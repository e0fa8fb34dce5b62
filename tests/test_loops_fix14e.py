"""fix14e: a DefaultLoop driven from a notebook (tester14e-11): ``loop.agent = New(...)`` between two train() calls
is the agent the next train() plays, updates and saves."""

import re
import signal

import gymnasium as gym
import pytest

from gym_loop.agents import BaseAgent
from gym_loop.errors import GymLoopError, RunStopped
from gym_loop.loops.default_loop import DefaultLoop


class Counter(BaseAgent):
    def __init__(self, broken=False, **params):
        super().__init__(**params)
        self.steps, self.broken = 0, broken

    def act(self, state, episode_num):
        if self.broken and episode_num == 2:
            raise ValueError("bug in the old agent")
        self.steps += 1
        return 0


def made(env, **given):
    return Counter(observation_space=env.observation_space, action_space=env.action_space, **given)


def test_a_replaced_agent_continues_the_run_and_is_saved(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    env = gym.make("CartPole-v1")
    first = made(env)
    loop = DefaultLoop(first, env, max_episodes=3, seed=1, episodes_per_checkpoint=100, logdir=None)
    loop.train()
    played = first.steps
    second = loop.agent = made(env)
    loop.parameters["max_episodes"] = 6
    loop.train()
    assert first.steps == played and second.steps > 0
    saved = made(env)
    saved.load("checkpoints/agent-000006/agent.ckpt")
    assert saved.steps == second.steps


def test_a_new_agent_after_a_failed_train_starts_the_run_over(tmp_path, monkeypatch, caplog):
    monkeypatch.chdir(tmp_path)
    env = gym.make("CartPole-v1")
    loop = DefaultLoop(made(env, broken=True), env, max_episodes=4, seed=1, logdir=None)
    try:
        loop.train()
    except Exception as error:
        assert "bug in the old agent" in str(error)
    new = loop.agent = made(env)
    summary = loop.train()
    assert summary.episodes == 4 and new.steps == summary.global_step
    assert "set loop.agent to a new agent for a clean start" in caplog.text


def test_a_render_mode_refusal_writes_nothing(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    env = gym.make("CartPole-v1")
    for given in ({"record": True}, {"render": True}):
        loop = DefaultLoop(made(env), env, max_episodes=2, seed=1, **given)
        try:
            loop.train()
        except Exception as error:
            assert "needs the env made with render_mode=" in str(error)
        assert list(tmp_path.iterdir()) == []


class FailsOnStep(gym.Wrapper):
    def step(self, action):
        raise RuntimeError("no display")


def test_a_run_that_played_no_episode_is_no_earlier_run(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    env = FailsOnStep(gym.make("CartPole-v1"))
    try:
        DefaultLoop(made(env), env, max_episodes=2, seed=1).train()
    except Exception as error:
        assert "env.step failed at episode 0, step 1" in str(error)
    env = gym.make("CartPole-v1")  # the cell fixed and run again: a new loop, the same paths
    assert DefaultLoop(made(env), env, max_episodes=2, seed=1).train().episodes == 2
    assert len((tmp_path / "episodes.csv").read_text().splitlines()) == 3


def test_a_continuing_train_cannot_add_or_drop_the_evaluation_env(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    env = gym.make("CartPole-v1")
    loop = DefaultLoop(made(env), env, max_episodes=2, seed=1, logdir=None)
    loop.train()
    loop.eval_env = gym.make("CartPole-v1")
    loop.parameters.update(max_episodes=4, episodes_per_eval=2)
    rows = (tmp_path / "episodes.csv").read_text()
    with pytest.raises(GymLoopError, match=re.escape(
            "loop.eval_env: a continuing train() cannot add an evaluation env to a run begun without one (its "
            "checkpoints hold no generators for it); set loop.eval_env = None and loop.parameters['episodes_per_eval'] "
            "= None, or build a new loop with other paths for a new run")):
        loop.train()
    assert (tmp_path / "episodes.csv").read_text() == rows and not (tmp_path / "evals.csv").exists()
    loop.eval_env, loop.parameters["episodes_per_eval"] = None, None
    assert loop.train().episodes == 4

    other = tmp_path / "other"
    loop = DefaultLoop(made(env), env, eval_env=gym.make("CartPole-v1"), max_episodes=2, episodes_per_eval=2, seed=1,
                       logdir=None, episodes_csv=other / "e.csv", evals_csv=other / "v.csv",
                       checkpoint_dir=other / "ck")
    loop.train()
    loop.eval_env, loop.parameters["episodes_per_eval"], loop.parameters["max_episodes"] = None, None, 4
    with pytest.raises(GymLoopError, match=re.escape(
            "loop.eval_env: a continuing train() cannot drop the evaluation env of a run begun with one (its "
            "checkpoints hold its generators); give it back (loop.eval_env = gymnasium.make(...)), or build a new "
            "loop with other paths for a new run")):
        loop.train()


def test_the_refusal_names_every_file_of_the_earlier_run_in_the_way(tmp_path, monkeypatch):
    """tester14e-6: followed once, the advice gives a clean run (no second event file in the first run's logdir)."""
    monkeypatch.chdir(tmp_path)
    env = gym.make("CartPole-v1")
    DefaultLoop(made(env), env, max_episodes=2, seed=1).train()
    with pytest.raises(GymLoopError, match=re.escape(
            "train() would overwrite an earlier run's episodes.csv, checkpoints and logs; move them away, or give the "
            "loop other paths (episodes_csv=..., evals_csv=..., checkpoint_dir=..., logdir=...)")):
        DefaultLoop(made(env), env, max_episodes=2, seed=1).train()
    (tmp_path / "old").mkdir()
    for name in ("episodes.csv", "checkpoints", "logs"):
        (tmp_path / name).rename(tmp_path / "old" / name)
    DefaultLoop(made(env), env, max_episodes=2, seed=1).train()
    assert len(list((tmp_path / "logs").iterdir())) == 1
    with pytest.raises(GymLoopError, match=re.escape("earlier run's checkpoints; move it away")):
        DefaultLoop(made(env), env, max_episodes=2, seed=1, episodes_csv="e2.csv", logdir=None).train()


def test_a_continuing_train_after_a_chdir_keeps_the_runs_folder(tmp_path, monkeypatch, caplog):
    """tester14e-9: a notebook's %cd between two train() calls of one loop splits no run over two folders."""
    (tmp_path / "A").mkdir()
    (tmp_path / "B").mkdir()
    monkeypatch.chdir(tmp_path / "A")
    env = gym.make("CartPole-v1")
    loop = DefaultLoop(made(env), env, max_episodes=3, seed=1)
    loop.train()
    monkeypatch.chdir(tmp_path / "B")
    loop.parameters["max_episodes"] = 6
    loop.train()
    assert list((tmp_path / "B").iterdir()) == []
    assert len((tmp_path / "A" / "episodes.csv").read_text().splitlines()) == 7
    assert sorted(path.name for path in (tmp_path / "A" / "checkpoints").glob("agent-*"))[-1].startswith("agent-000006")
    assert (f"train(): the working directory is {tmp_path / 'B'}, not {tmp_path / 'A'} where this loop's run began: "
            "its files stay there (its relative paths are taken from there); build a new loop to start a run "
            "here") in caplog.text


class Interrupting(BaseAgent):
    """Sends this process SIGINT (a notebook's "interrupt kernel") at episode 1's first step (``times`` of them)."""

    left, at = 0, 1  # not the agent's state: a checkpoint loaded gives it no signals to send again

    def __init__(self, times=1, at=1, **params):
        super().__init__(**params)
        Interrupting.left, Interrupting.at = times, at

    def act(self, state, episode_num):
        if episode_num == Interrupting.at and Interrupting.left:
            Interrupting.left -= 1
            signal.raise_signal(signal.SIGINT)
        return 0


def test_interrupted_train_and_evaluate_say_how_to_go_on(tmp_path, monkeypatch):
    """tester14e-3: RunStopped of loop.train() names the way on; a second interrupt and an interrupted evaluate() are
    RunStopped too (still KeyboardInterrupt, as they were), in one line."""
    monkeypatch.chdir(tmp_path)
    env = gym.make("CartPole-v1")
    spaces = {"observation_space": env.observation_space, "action_space": env.action_space}
    loop = DefaultLoop(Interrupting(**spaces), env, max_episodes=4, seed=1, logdir=None)
    with pytest.raises(RunStopped, match=re.escape(
            "interrupted after 2 episodes of 4; the checkpoint is in ./checkpoints; to go on, call train() again on "
            "this loop")):
        loop.train()
    assert loop.train().episodes == 4

    loop = DefaultLoop(Interrupting(times=2, **spaces), env, max_episodes=4, seed=1, logdir=None,
                       episodes_csv="e2.csv", checkpoint_dir="ck2", episodes_per_checkpoint=1)
    with pytest.raises(RunStopped, match="^" + re.escape(
            "stopped at once by a second signal after 1 episodes of 4; to go on, call train() again on this loop: "
            "the run continues from its latest checkpoint agent-000001")) as stopped:
        loop.train()
    assert isinstance(stopped.value, KeyboardInterrupt) and stopped.value.__cause__ is None
    assert loop.train().episodes == 4

    loop = DefaultLoop(Interrupting(**spaces), env, eval_episodes=4, seed=1, eval_logdir="ev")
    with pytest.raises(RunStopped, match="^" + re.escape("interrupted after 1 of 4 evaluation episodes; their "
                                                         "TensorBoard run: ev/agent-")) as stopped:
        loop.evaluate()
    assert isinstance(stopped.value, KeyboardInterrupt)
    loop = DefaultLoop(Interrupting(at=0, **spaces), env, eval_episodes=4, seed=1, eval_logdir="ev0")
    with pytest.raises(RunStopped, match="^" + re.escape("interrupted before the first evaluation episode ended; "
                                                         "nothing was written") + "$"):
        loop.evaluate()
    assert list((tmp_path / "ev0").iterdir()) == []
