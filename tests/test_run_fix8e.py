"""Run behaviour whose tests could not fail (tester8e): numbers checked against values computed here."""

import csv
import json
import math
import time
from types import SimpleNamespace

import gymnasium
import numpy as np
import pytest

from conftest import make_spec, pointed, read_scalars, run_cli, write_spec
from gym_loop.loops import DefaultLoop
from gym_loop.loops.summary import Summary
from gym_loop.schedule import CHECKPOINT, checkpoint_by_time
from gym_loop.schedule.solved import Solved


@pytest.fixture(autouse=True)
def in_tmp_path(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)


class ScriptedEnv(gymnasium.Env):
    """One-step episodes; the n-th unseeded reset's episode (from 0) has reward ``rewards[n % len(rewards)]``.
    Records the seed of every reset."""

    observation_space = gymnasium.spaces.Discrete(1)
    action_space = gymnasium.spaces.Discrete(2)

    def __init__(self, rewards=(1.0,)):
        self.rewards, self.episodes, self.seeds, self.reward = list(rewards), 0, [], 0.0

    def reset(self, seed=None, options=None):
        super().reset(seed=seed)
        self.seeds.append(seed)
        if seed is None:
            self.reward = self.rewards[self.episodes % len(self.rewards)]
            self.episodes += 1
        return 0, {}

    def step(self, action):
        return 0, self.reward, True, False, {}


class Agent:
    """Action 0; saves a file holding ``saved``; sleeps ``pause`` seconds in each act."""

    def __init__(self, pause=0.0):
        self.pause = pause

    def act(self, state, episode_num):
        if self.pause:
            time.sleep(self.pause)
        return 0

    def save(self, path):
        with open(path, "w") as file:
            file.write("saved")

    def load(self, path):
        pass


def rows(path):
    with open(path, newline="") as file:
        return list(csv.DictReader(file))


def test_evals_csv_and_tensorboard_hold_the_evaluation_mean_std_min_max(tmp_path):
    """tester8e-14, -17: evaluation returns 1, 2, 3 give mean 2, population std sqrt(2/3), min 1, max 3, in evals.csv
    and TensorBoard; final/eval_mean_return is the last evaluation's mean, final/mean_return the training mean."""
    loop = DefaultLoop(Agent(), ScriptedEnv([5.0, 7.0, 12.0]), eval_env=ScriptedEnv([1.0, 2.0, 3.0]), max_episodes=3,
                       episodes_per_eval=3, eval_episodes=3, episodes_per_checkpoint=None)
    loop.train()
    [row] = rows(tmp_path / "evals.csv")
    assert [float(row[key]) for key in ("mean_return", "min_return", "max_return", "mean_length")] == [2.0, 1.0, 3.0, 1.0]
    assert float(row["std_return"]) == pytest.approx(math.sqrt(((1 - 2) ** 2 + 0 + (3 - 2) ** 2) / 3), rel=1e-12)
    scalars = read_scalars(tmp_path / "logs")
    assert scalars["eval/std_return"][0][1] == pytest.approx(0.816496580927726, rel=1e-6)
    assert [value for _, value in scalars["final/eval_mean_return"]] == [2.0]
    assert [value for _, value in scalars["final/mean_return"]] == [pytest.approx(8.0)]  # (5 + 7 + 12) / 3


def test_keep_checkpoints_spares_the_checkpoint_best_names(tmp_path):
    """tester8e-15: evaluation means -1, -2, -3: the best is the first; keep_checkpoints 1 keeps it and the last."""
    loop = DefaultLoop(Agent(), ScriptedEnv(), eval_env=ScriptedEnv([-1.0, -2.0, -3.0]), max_episodes=6,
                       episodes_per_eval=2, eval_episodes=1, episodes_per_checkpoint=2, keep_checkpoints=1)
    loop.train()
    folders = sorted(path.name for path in (tmp_path / "checkpoints").glob("agent-*"))
    assert [name[:12] for name in folders] == ["agent-000002", "agent-000006"]
    best = pointed(tmp_path / "checkpoints", "best")
    assert best.name == folders[0] and best.is_dir() and any(best.iterdir())


def test_best_names_the_first_of_equal_evaluations(tmp_path):
    """tester8e-13: three evaluations of mean 1.0: best names the first (docs/runs.rst)."""
    loop = DefaultLoop(Agent(), ScriptedEnv(), eval_env=ScriptedEnv([1.0]), max_episodes=6, episodes_per_eval=2,
                       eval_episodes=2, episodes_per_checkpoint=2, keep_checkpoints=None)
    loop.train()
    assert [float(row["mean_return"]) for row in rows(tmp_path / "evals.csv")] == [1.0, 1.0, 1.0]
    assert pointed(tmp_path / "checkpoints", "best").name.startswith("agent-000002")


def test_episodes_csv_seconds_count_the_run_time_and_go_on_after_a_resume(tmp_path):
    """tester8e-8: each one-step episode sleeps 20 ms, so row k's seconds is at least 0.02 (k + 1), and a second
    train() (a resume) continues from the first's seconds."""
    loop = DefaultLoop(Agent(pause=0.02), ScriptedEnv(), max_episodes=4, episodes_per_checkpoint=None)
    first = loop.train()
    loop.max_episodes = loop.parameters["max_episodes"] = 6
    second = loop.train()
    seconds = [float(row["seconds"]) for row in rows(tmp_path / "episodes.csv")]
    assert len(seconds) == 6 and seconds == sorted(seconds)
    assert all(value >= 0.02 * (k + 1) - 0.0005 for k, value in enumerate(seconds)), seconds  # written to 3 places
    assert seconds[3] <= first.seconds + 0.0005 and seconds[5] <= second.seconds + 0.0005


def test_tensorboard_after_a_resume_has_every_episode_of_episodes_csv(tmp_path):
    """tester8e-16: the resume purges TensorBoard from the step after the checkpoint's last episode on, not from
    that episode's step: episode 4 (the checkpoint's last) stays."""
    write_spec(tmp_path / "run.yaml", {**make_spec(max_episodes=4, episodes_per_checkpoint=2), "seed": 3})
    result = run_cli("train", "-c", "run.yaml", "--run-dir", "run", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    result = run_cli("train", "--resume", "run", "--set", "loop.parameters.max_episodes=6", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    steps = [int(row["global_step"]) for row in rows(tmp_path / "run/episodes.csv")]
    scalars = read_scalars(tmp_path / "run/logs")
    assert len(steps) == 6 and [step for step, _ in scalars["episode/return"]] == steps
    assert [value for _, value in scalars["episode/index"]] == list(range(6))


def test_the_best_window_is_the_highest_not_the_last():
    """tester8e-11: returns 9, 9, 9, 0, 0, 0 with a window of 3: the highest window mean is 9, the last 0."""
    summary = Summary(planned=6, window=3)
    summary.add_many([9.0, 9.0, 9.0, 0.0], [1] * 4)
    summary.add(0.0, 1)
    summary.add(0.0, 1)
    assert summary.best_mean_return == 9.0 and summary.mean_return == 0.0


def test_time_per_checkpoint_asks_once_per_period_not_every_episode_after_it(monkeypatch):
    """tester8e-3: a clock of 1 s per episode and time_per_checkpoint 5: checkpoints after episodes 5, 10, 15."""
    clock = SimpleNamespace(now=0.0)
    monkeypatch.setattr(checkpoint_by_time, "time", SimpleNamespace(monotonic=lambda: clock.now))
    rule = checkpoint_by_time.CheckpointByTime(5)
    asked = []
    for episode in range(1, 16):
        clock.now = float(episode)
        assert rule.quiet(None, episode, 0) == (episode % 5 != 0)
        if rule.after_episode(None) == CHECKPOINT:
            asked.append(episode)
            rule.after_checkpoint(None)  # the run took it
    assert asked == [5, 10, 15]


def test_time_per_checkpoint_in_a_loop_saves_once_per_period(tmp_path, monkeypatch):
    """tester8e-3 through DefaultLoop: the clock moves 1 s per act, time_per_checkpoint 3, 9 episodes: checkpoints
    after episodes 3, 6, 9 (the last also the end's)."""
    clock = SimpleNamespace(now=0.0)
    monkeypatch.setattr(checkpoint_by_time, "time", SimpleNamespace(monotonic=lambda: clock.now))

    class Ticking(Agent):
        def act(self, state, episode_num):
            clock.now += 1.0
            return 0

    DefaultLoop(Ticking(), ScriptedEnv(), max_episodes=9, episodes_per_checkpoint=None, time_per_checkpoint=3,
                keep_checkpoints=None).train()
    assert sorted(path.name[:12] for path in (tmp_path / "checkpoints").glob("agent-*")) == [
        "agent-000003", "agent-000006", "agent-000009"]


def test_a_mean_equal_to_reward_threshold_is_solved():
    """tester8e-4: '>=' as the message says, by evaluation and by the training window of exactly 100 episodes."""
    stop = Solved(31, by_evaluation=True).after_evaluation(2, 40, 31.0)
    assert stop.status == "finished" and stop.reason == "solved after 2 episodes: evaluation mean return 31.00 >= 31"
    assert Solved(31, by_evaluation=True).after_evaluation(2, 40, 30.999) is None
    window = Solved(1.0, by_evaluation=False)
    for count, expected in ((99, None), (100, "finished")):
        progress = SimpleNamespace(returns=[1.0] * count, episodes=count, mean_return=1.0)
        assert getattr(window.after_episode(progress), "status", None) == expected


def test_a_constant_return_equal_to_reward_threshold_stops_after_100_episodes(tmp_path):
    """tester8e-4 through DefaultLoop: every return 1, reward_threshold 1: solved after exactly 100 episodes."""
    summary = DefaultLoop(Agent(), ScriptedEnv(), max_episodes=150, reward_threshold=1, episodes_per_checkpoint=None,
                          logdir=None).train()
    assert summary.episodes == 100 and "solved after 100 episodes" in summary.stop_reason


def test_seed_each_episode_seeds_episode_k_with_episode_seed_of_k(tmp_path):
    """tester8e-10: episode k's reset seed is episode_seed(seed, k) (docs/runs.rst), computed here from NumPy's
    SeedSequence: different for every episode."""
    env = ScriptedEnv()
    DefaultLoop(Agent(), env, seed=5, seed_each_episode=True, max_episodes=4, episodes_per_checkpoint=None).train()
    # a 32-bit word per episode since fix9a (tester9a-5: seeds up to 2**63 broke envs seeding a RandomState)
    assert env.seeds[-4:] == [int(np.random.SeedSequence(5, spawn_key=(2, k)).generate_state(1)[0]) for k in range(4)]
    env = ScriptedEnv()
    DefaultLoop(Agent(), env, seed=5, max_episodes=2, episodes_per_checkpoint=None, checkpoint_dir="other",
                episodes_csv=None, logdir=None).train()
    assert env.seeds[-2:] == [None, None]


def test_periodic_evaluations_of_a_python_loop_are_cut_at_max_episode_len(tmp_path):
    """tester8e-12: a raw eval_env (Pendulum, 200 steps) with max_episode_len 7: evaluation episodes are 7 long."""
    class Zero(Agent):
        def act(self, state, episode_num):
            return np.zeros(1, dtype=np.float32)

    loop = DefaultLoop(Zero(), gymnasium.make("Pendulum-v1"), eval_env=gymnasium.make("Pendulum-v1"),
                       max_episode_len=7, max_episodes=2, episodes_per_eval=2, eval_episodes=2,
                       episodes_per_checkpoint=None, logdir=None)
    loop.train()
    assert [float(row["mean_length"]) for row in rows(tmp_path / "evals.csv")] == [7.0]


def test_evaluate_from_python_plays_held_out_seeds(tmp_path):
    """tester8e-12: DefaultLoop(seed=s).evaluate() resets env first with eval's held-out seed, not training's."""
    env = ScriptedEnv()
    DefaultLoop(Agent(), env, seed=5, eval_episodes=1).evaluate()
    held_out = int(np.random.SeedSequence(5, spawn_key=(3,)).generate_state(1)[0])
    assert env.seeds[0] == held_out != 5
