"""A loop written on BaseLoop in a test file gets run folders, checkpoints, --resume, eval --run and sinks;
checkpoints are plain data with pointer files, kept K at a time; non-finite returns fail the run."""

import csv
import json
import shutil
from pathlib import Path

import gymnasium
import pytest

from conftest import make_spec, pointed, read_scalars, run_cli, run_folders, write_spec
from gym_loop.errors import GymLoopError
from gym_loop.loops import DefaultLoop
from gym_loop.run import Run
from gym_loop.sinks import Sink

WALK_LOOP = f"{Path(__file__).parent / 'loops' / 'walk_loop.py'}:WalkLoop"


def walk_spec(**parameters):
    spec = make_spec()
    spec["loop"] = {"class": WALK_LOOP, "parameters": {"max_episodes": 8, "episodes_per_checkpoint": 2, **parameters}}
    return {**spec, "seed": 2}


def rows(run):
    with (run / "episodes.csv").open() as file:
        return [tuple(row.values())[:4] for row in csv.DictReader(file)]


def train(tmp_path, *args):
    result = run_cli("train", *args, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    return run_folders(tmp_path)[-1]


def test_a_loop_of_only_the_protocol_trains_resumes_exactly_and_is_evaluated(tmp_path):
    write_spec(tmp_path / "walk.yaml", walk_spec())
    whole = train(tmp_path, "-c", "walk.yaml")
    part = train(tmp_path, "-c", "walk.yaml", "--set", "loop.parameters.max_episodes=5")
    assert [row[0] for row in rows(part)] == ["0", "1", "2", "3", "4"]
    resumed = run_cli("train", "--resume", part, "--set", "loop.parameters.max_episodes=8", cwd=tmp_path)
    assert resumed.returncode == 0, resumed.stderr
    assert rows(part) == rows(whole)  # the resumed run equals the uninterrupted one
    assert read_scalars(part / "logs")["episode/return"] == read_scalars(whole / "logs")["episode/return"]
    assert pointed(part / "checkpoints").name == "agent-000008"
    state = json.loads((pointed(part / "checkpoints") / "state.json").read_text())  # plain JSON, no pickle
    assert state["loop"]["episodes"] == 8 and state["run"]["summary"]["episodes"] == 8
    assert not list(part.rglob("*.pkl"))
    evaluated = run_cli("eval", "--run", part, cwd=tmp_path)
    assert evaluated.returncode == 0, evaluated.stderr
    assert "evaluated: 10 episodes" in evaluated.stderr


class EveryEpisode(Sink):
    """A sink in a test file: records what it is given."""

    def __init__(self):
        self.numbers, self.steps, self.evaluations, self.closed = [], [], [], False

    def episodes(self, first, group, metrics):
        self.numbers += range(first, first + len(group))
        self.steps += [episode.global_step for episode in group]

    def evaluation(self, result):
        self.evaluations.append(result)

    def close(self):
        self.closed = True


def test_a_loop_of_only_the_protocol_evaluates_on_the_eval_env_the_run_gives_it(tmp_path):
    pole = f"{Path(__file__).parent / 'agents' / 'pole_agent.py'}:PoleAgent"  # deterministic: only the env varies
    spec = walk_spec(episodes_per_checkpoint=None)
    spec["agent"] = {"class": pole}
    write_spec(tmp_path / "walk.yaml", spec)
    plain = train(tmp_path, "-c", "walk.yaml")
    evaluated = train(tmp_path, "-c", "walk.yaml", "--set", "loop.parameters.episodes_per_eval=2",
                      "--set", "loop.parameters.eval_episodes=3")
    assert len((evaluated / "evals.csv").read_text().splitlines()) == 1 + 4
    assert rows(evaluated) == rows(plain)  # the evaluations played the eval env, not the training env


def test_a_sink_receives_every_episode_and_evaluation(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    env, eval_env = gymnasium.make("CartPole-v1"), gymnasium.make("CartPole-v1")
    sink = EveryEpisode()
    loop = DefaultLoop(_Left(), env, eval_env, max_episodes=7, episodes_per_eval=3, eval_episodes=2)
    summary = Run(loop, sinks=[sink]).train()
    assert sink.numbers == list(range(7)) and sink.closed
    assert sink.steps[-1] == summary.steps and sink.steps == sorted(sink.steps)
    assert [result.episode for result in sink.evaluations] == [3, 6]
    with open(tmp_path / "episodes.csv") as file:
        assert [int(row["global_step"]) for row in csv.DictReader(file)] == sink.steps


class _Left:
    def act(self, state, episode_num):
        return 0


def test_only_the_latest_checkpoints_are_kept_and_a_copied_run_resumes(tmp_path):
    write_spec(tmp_path / "run.yaml", {**make_spec(max_episodes=10, episodes_per_checkpoint=2), "seed": 1})
    run = train(tmp_path, "-c", "run.yaml")
    names = sorted(path.name for path in (run / "checkpoints").iterdir())
    assert names == ["agent-000006", "agent-000008", "agent-000010", "latest", "run-id"]  # keep_checkpoints: 3
    assert oct((run / "checkpoints" / "agent-000010").stat().st_mode & 0o777) != oct(0o700)
    copy = tmp_path / "copied"
    shutil.copytree(run, copy, symlinks=False)  # as cp -rL and scp -r copy
    result = run_cli("train", "--resume", copy, "--set", "loop.parameters.max_episodes=12", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert pointed(copy / "checkpoints").name == "agent-000012"


def test_a_dangling_latest_falls_back_to_the_newest_complete_checkpoint(tmp_path):
    write_spec(tmp_path / "run.yaml", {**make_spec(max_episodes=6, episodes_per_checkpoint=2), "seed": 1})
    run = train(tmp_path, "-c", "run.yaml")
    shutil.rmtree(run / "checkpoints" / "agent-000006")
    result = run_cli("train", "--resume", run, "--set", "loop.parameters.max_episodes=7", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "using the newest complete checkpoint" in result.stderr
    assert json.loads((run / "run.json").read_text())["resumed"][0]["checkpoint"].endswith("agent-000004")


def test_an_agent_save_that_writes_nothing_fails_the_checkpoint_and_the_run(tmp_path):
    (tmp_path / "forgetful.py").write_text(
        "from gym_loop.agents.random_agent import RandomAgent\n"
        "class Forgetful(RandomAgent):\n"
        "    def save(self, path):\n"
        "        if self.saves_left == 0:\n            return\n"
        "        self.saves_left -= 1\n        super().save(path)\n"
        "    saves_left = 1\n")
    write_spec(tmp_path / "run.yaml", make_spec(agent=f"{tmp_path / 'forgetful.py'}:Forgetful", max_episodes=6,
                                                episodes_per_checkpoint=2))
    result = run_cli("train", "-c", "run.yaml", cwd=tmp_path)
    assert result.returncode == 1
    assert result.stderr.strip().splitlines()[-1].startswith("Error: agent.save wrote nothing for ")
    run = run_folders(tmp_path)[-1]
    assert pointed(run / "checkpoints").name == "agent-000002"  # latest stays on the last good checkpoint
    assert json.loads((run / "run.json").read_text())["status"] == "failed"
    assert not list((run / "checkpoints").glob(".saving-*"))


def test_a_non_finite_return_fails_the_run_naming_episode_and_step(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    env = gymnasium.wrappers.TransformReward(gymnasium.make("CartPole-v1"), lambda reward: float("nan"))
    loop = DefaultLoop(_Left(), env, max_episodes=3, reward_threshold=1)
    with pytest.raises(GymLoopError, match=r"episode 0 ended at env step \d+ with return nan; rewards must be finite"):
        loop.train()


SPACE_REPLACING_ENV = '''
import gymnasium
import numpy as np
from gymnasium import spaces


class NewSpacesOnReset(gymnasium.Env):
    """Makes new space objects on every reset, as highway-env does; ends after 1 to 20 steps at random."""

    def __init__(self):
        self.action_space, self.observation_space = spaces.Discrete(2), spaces.Box(-1, 1, (1,))

    def reset(self, seed=None, options=None):
        super().reset(seed=seed)
        self.action_space, self.observation_space = spaces.Discrete(2), spaces.Box(-1, 1, (1,))
        self.left = int(self.np_random.integers(1, 21))
        return np.zeros(1, dtype=np.float32), {}

    def step(self, action):
        self.left -= 1
        return np.zeros(1, dtype=np.float32), float(action), self.left == 0, False, {}


gymnasium.register("NewSpacesOnReset-v0", entry_point=NewSpacesOnReset)
'''


def test_an_env_that_replaces_its_spaces_on_reset_resumes_exactly(tmp_path):
    (tmp_path / "space_env.py").write_text(SPACE_REPLACING_ENV)
    spec = {**make_spec(max_episodes=12, episodes_per_checkpoint=3), "seed": 4}
    spec["env"] = {"imports": ["space_env"], "name": "NewSpacesOnReset-v0", "parameters": {}}
    write_spec(tmp_path / "run.yaml", spec)
    path = {"PYTHONPATH": f"{tmp_path}:{Path(__file__).parent.parent}"}
    whole = run_cli("train", "-c", "run.yaml", cwd=tmp_path, env=path)
    assert whole.returncode == 0, whole.stderr
    part = run_cli("train", "-c", "run.yaml", "--set", "loop.parameters.max_episodes=6", cwd=tmp_path, env=path)
    assert part.returncode == 0, part.stderr
    first, second = run_folders(tmp_path)
    resumed = run_cli("train", "--resume", second, "--set", "loop.parameters.max_episodes=12", cwd=tmp_path, env=path)
    assert resumed.returncode == 0, resumed.stderr
    assert rows(second) == rows(first)
    assert len({row[2] for row in rows(first)}) > 1  # the agent's random actions make different returns


class FirstObservations:
    """Always takes ``action``; records the first observation of every episode."""

    def __init__(self, action):
        self.action, self.firsts = action, {}

    def act(self, state, episode_num):
        self.firsts.setdefault(episode_num, state)
        return self.action


def test_seed_each_episode_makes_every_reset_independent_of_the_episodes_before(tmp_path, monkeypatch):
    def firsts(action, seed_each_episode):
        (tmp_path / f"{action}-{seed_each_episode}").mkdir()  # train() refuses to overwrite an earlier run's files
        monkeypatch.chdir(tmp_path / f"{action}-{seed_each_episode}")
        env = gymnasium.make("Blackjack-v1")  # hitting draws more cards from the env's generator than sticking
        env.reset(seed=3)
        agent = FirstObservations(action)
        DefaultLoop(agent, env, seed=5, seed_each_episode=seed_each_episode, max_episodes=20).train()
        return [agent.firsts[episode] for episode in range(20)]

    assert firsts(0, True) == firsts(1, True)
    assert firsts(0, False) != firsts(1, False)
