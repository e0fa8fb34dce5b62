"""VectorLoop: the same episodes as DefaultLoop, no transition across an autoreset, counters over all sub-envs."""

import csv
import json
import os
import re
import signal
import subprocess
import time
from collections import defaultdict

import gymnasium
import numpy as np
import pytest

from conftest import AGENTS, GYM_LOOP, make_spec, only_run, read_scalars, run_cli, run_folders, write_spec
from gym_loop.agents import BaseAgent, RandomAgent
from gym_loop.loops import DefaultLoop
from gym_loop.loops.vector_loop import VectorLoop
from gym_loop import run as run_module
from gym_loop.run import Run
from gym_loop.schedule import Stop
from gym_loop.sinks import Sink

VECTOR_LOOP = "gym_loop.loops.vector_loop:VectorLoop"


def pole_agent():
    import importlib.util

    spec = importlib.util.spec_from_file_location("pole_agent", AGENTS / "pole_agent.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.PoleAgent()


def seeded_env(seed, max_episode_steps=None):
    env = gymnasium.make("CartPole-v1", **({"max_episode_steps": max_episode_steps} if max_episode_steps else {}))
    env.reset(seed=seed)  # as seed_env does
    return env


class Recorder(Sink):
    """Every episode the run hands on (TensorBoard gets a point per group under VectorLoop)."""

    def __init__(self):
        self.episodes_seen = []

    def episodes(self, first, group, metrics):
        self.episodes_seen += group


def train_recording(loop):
    recorder = Recorder()
    Run(loop, sinks=[recorder]).train()
    return recorder.episodes_seen


def episodes_by_env(episodes):
    by_env = defaultdict(list)
    for episode in episodes:
        by_env[episode.sub_env].append(episode.episode_return)
    return by_env


@pytest.mark.parametrize("mode", ["sync", "async"])
def test_each_sub_env_plays_the_episodes_the_single_env_loop_plays(tmp_path, mode):
    loop = VectorLoop(pole_agent(), seeded_env(3, 100), num_envs=3, vectorization_mode=mode, max_episodes=15,
                      logdir=str(tmp_path / "vector"), episodes_csv=None, checkpoint_dir=str(tmp_path / "c"))
    by_env = episodes_by_env(train_recording(loop))
    assert sum(len(returns) for returns in by_env.values()) == 15 and len(by_env) == 3
    for index, returns in by_env.items():
        single = DefaultLoop(pole_agent(), seeded_env(loop.vector_seed + index, 100), max_episodes=len(returns),
                             logdir=str(tmp_path / f"single{index}"), episodes_csv=None,
                             checkpoint_dir=str(tmp_path / f"c{index}"))  # a Run refuses another run's
        assert [episode.episode_return for episode in train_recording(single)] == returns


def test_no_transition_spans_an_autoreset(tmp_path):
    agent = pole_agent()
    loop = VectorLoop(agent, seeded_env(0), num_envs=4, max_episodes=20, max_episode_len=30,
                      logdir=str(tmp_path / "tb"), episodes_csv=str(tmp_path / "episodes.csv"),
                      checkpoint_dir=str(tmp_path / "c"))
    summary = loop.train()
    with open(tmp_path / "episodes.csv") as file:
        lengths = [int(row["length"]) for row in csv.DictReader(file)]
    assert len(lengths) == 20 and max(lengths) <= 30
    memorized_steps = [step for *_, step in agent.transitions]
    assert memorized_steps == list(range(1, loop.global_step + 1))  # one global step per real transition
    assert summary.steps <= loop.global_step  # episodes still running when max_episodes was reached
    continues, ended = set(), set()  # next observations of transitions that did and did not end an episode
    for last_ob, _, done, ob, _ in agent.transitions:
        starts_episode = np.abs(last_ob).max() <= 0.05  # CartPole resets to uniform(-0.05, 0.05)
        assert starts_episode or last_ob.tobytes() in continues
        assert last_ob.tobytes() not in ended
        (ended if done else continues).add(ob.tobytes())


def test_counters_checkpoints_and_evaluations_count_over_all_sub_envs(tmp_path):
    write_spec(tmp_path / "run.yaml", {**make_spec(max_episodes=40, episodes_per_checkpoint=10, episodes_per_eval=20,
                                                   eval_episodes=2), "seed": 4})
    result = run_cli("train", "-c", "run.yaml", "--set", f"loop.class={VECTOR_LOOP}",
                     "--set", "loop.parameters.num_envs=6", "--set", "loop.parameters.vectorization_mode=vector_entry_point",
                     "--set", "loop.parameters.keep_checkpoints=null", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    run = only_run(tmp_path)
    scalars = read_scalars(run / "logs")
    indexes = [int(value) for _, value in scalars["episode/index"]]  # a point per group: its last episode
    assert indexes == sorted(set(indexes)) and indexes[-1] == 39
    assert sum(int(value) for _, value in scalars["episode/count"]) == 40
    assert sorted(p.name for p in (run / "checkpoints").glob("agent-*")) == [
        "agent-000010", "agent-000020", "agent-000030", "agent-000040"]
    with open(run / "episodes.csv") as file:
        rows = list(csv.DictReader(file))
    assert [int(row["episode"]) for row in rows] == list(range(40))
    assert [step for step, _ in scalars["eval/mean_return"]] == [int(rows[19]["global_step"]), int(rows[39]["global_step"])]
    assert [int(row["global_step"]) for row in rows] == sorted(int(row["global_step"]) for row in rows)


def test_the_batched_random_agent_is_reproducible(tmp_path):
    def returns(seed):
        env = seeded_env(seed)
        agent = RandomAgent(action_space=env.action_space, rng=np.random.default_rng(seed))
        logdir = tmp_path / f"run{seed}-{len(list(tmp_path.iterdir()))}"
        VectorLoop(agent, env, num_envs=5, max_episodes=12, logdir=str(logdir), episodes_csv=None,
                   checkpoint_dir=str(logdir.with_name(logdir.name + "-c"))).train()
        return read_scalars(logdir)["episode/return"]

    assert returns(1) == returns(1)
    assert returns(1) != returns(2)


def test_vector_loop_refuses_to_render(tmp_path):
    with pytest.raises(Exception, match="loop.parameters.render: VectorLoop does not render or record training"):
        VectorLoop(pole_agent(), seeded_env(0), render=True)


class MetricsCountingAgent(RandomAgent):
    def __init__(self, **params):
        super().__init__(**params)
        self.asked = []

    def metrics(self, episode_num):
        self.asked.append(episode_num)
        return {"asked": len(self.asked)}


@pytest.fixture
def batches_by_count(monkeypatch):
    """The run hands episodes on in batches of num_envs, never early for lack of time (a slow machine)."""
    monkeypatch.setattr(run_module, "HAND_SECONDS", float("inf"))


def test_episodes_reach_the_sinks_in_batches_and_checkpoints_fall_on_exact_counts(tmp_path, batches_by_count):
    env = seeded_env(0)
    agent = MetricsCountingAgent(action_space=env.action_space, rng=np.random.default_rng(0))
    # Every episode lasts one step, so all 8 sub-envs end together on every other vector step.
    loop = VectorLoop(agent, env, num_envs=8, vectorization_mode="vector_entry_point", max_episodes=16,
                      max_episode_len=1, episodes_per_checkpoint=3, logdir=str(tmp_path / "tb"),
                      episodes_csv=str(tmp_path / "episodes.csv"), checkpoint_dir=str(tmp_path / "c"),
                      keep_checkpoints=None)
    episodes = train_recording(loop)
    # A batch is handed on before each checkpoint (episodes 3, 6, 9...) and at the end; 6 and 7 wait
    # for the next vector step's episodes. The metrics are asked once per batch, with its last episode.
    assert agent.asked == [2, 5, 8, 11, 14, 15]
    assert [episode.sub_env for episode in episodes] == list(range(8)) * 2
    scalars = read_scalars(tmp_path / "tb")  # a point per vector step: those split by checkpoints wait for the rest
    assert [int(value) for _, value in scalars["episode/count"]] == [8, 8]
    assert [value for _, value in scalars["asked"]] == [3, 6]
    with open(tmp_path / "episodes.csv") as file:
        rows = list(csv.DictReader(file))
    assert [(row["episode"], row["global_step"], row["length"]) for row in rows] == [
        (str(episode), "8" if episode < 8 else "16", "1") for episode in range(16)]
    saved = sorted(int(path.name.split("-")[1]) for path in (tmp_path / "c").glob("agent-*"))
    assert saved == [3, 6, 9, 12, 15, 16]


class EndRecordingAgent(MetricsCountingAgent):
    """Records where each episode ends, as (env steps done after that vector step, sub-env), in order."""

    def __init__(self, fail_at_vector_step=None, **params):
        super().__init__(**params)
        self.ends, self.vector_steps, self.fail_at = [], 0, fail_at_vector_step

    def act_batch(self, states, episode_nums):
        if self.vector_steps == self.fail_at:
            raise RuntimeError("broken")
        return super().act_batch(states, episode_nums)

    def memorize_batch(self, last_obs, actions, rewards, dones, obs, terminated, truncated, valid, global_step):
        self.vector_steps += 1
        after = global_step + int(np.count_nonzero(valid))
        self.ends += [(after, int(index)) for index in np.flatnonzero(dones)]


def csv_rows(path):
    with open(path) as file:
        return [(int(row["episode"]), int(row["global_step"])) for row in csv.DictReader(file)]


def vector_loop(tmp_path, agent, env, **params):
    return VectorLoop(agent, env, num_envs=4, vectorization_mode="vector_entry_point", logdir=str(tmp_path / "tb"),
                      episodes_csv=str(tmp_path / "episodes.csv"), checkpoint_dir=str(tmp_path / "c"), **params)


def batches_asked(ends, planned, batch):
    """The metrics calls expected: one per batch of at least ``batch`` episodes (the vector steps' groups
    of episodes that ended together, joined) and one at the end, each with its batch's last episode."""
    asked, count, handed = [], 0, 0
    for step in sorted({step for step, _ in ends}):
        count = min(count + sum(1 for end, _ in ends if end == step), planned)
        if count - handed >= batch or count == planned:
            asked.append(count - 1)
            handed = count
        if count == planned:
            return asked
    return asked


@pytest.mark.parametrize("seconds, batch", [(float("inf"), 4), (0.0, 1)])
def test_episodes_are_handed_on_in_batches_each_with_the_step_it_ended_on(tmp_path, monkeypatch, seconds, batch):
    """Batches of num_envs (4) episodes; or, with no time to wait, each vector step's episodes at once."""
    monkeypatch.setattr(run_module, "HAND_SECONDS", seconds)
    env = seeded_env(0)
    agent = EndRecordingAgent(action_space=env.action_space, rng=np.random.default_rng(0))
    episodes = train_recording(vector_loop(tmp_path, agent, env, max_episodes=20, episodes_per_checkpoint=None))
    assert agent.asked == batches_asked(agent.ends, 20, batch)
    assert len({step for step, _ in agent.ends[:4]}) > 1  # the first episodes ended on different steps
    assert csv_rows(tmp_path / "episodes.csv") == [(episode, step) for episode, (step, _) in enumerate(agent.ends[:20])]
    assert [episode.sub_env for episode in episodes] == [env_index for _, env_index in agent.ends[:20]]


def test_max_steps_logs_every_episode_that_ended_and_stops_on_the_step_that_reaches_it(tmp_path):
    env = seeded_env(0)
    agent = EndRecordingAgent(action_space=env.action_space, rng=np.random.default_rng(0))
    summary = vector_loop(tmp_path, agent, env, max_episodes=1000, max_steps=100).train()
    rows = csv_rows(tmp_path / "episodes.csv")
    assert rows == [(episode, step) for episode, (step, _) in enumerate(agent.ends)]
    assert rows[-1][1] >= 100 and summary.stop_reason == f"ran {rows[-1][1]} env steps, max_steps 100"
    assert all(step < 100 for step, _ in agent.ends if step != rows[-1][1])


def test_a_failing_agent_leaves_every_episode_that_ended_in_the_log(tmp_path, batches_by_count):
    env = seeded_env(0)
    agent = EndRecordingAgent(fail_at_vector_step=60, action_space=env.action_space, rng=np.random.default_rng(0))
    with pytest.raises(Exception, match="agent.act_batch failed after .* RuntimeError: broken"):
        vector_loop(tmp_path, agent, env, max_episodes=1000).train()
    assert agent.asked[-1] < len(agent.ends) - 1  # the last batch was waiting: it is written without metrics
    assert csv_rows(tmp_path / "episodes.csv") == [(episode, step) for episode, (step, _) in enumerate(agent.ends)]


class FailingToAct(BaseAgent):
    """An agent with ``act`` only (no ``act_batch``), which fails."""

    def act(self, state, episode_num):
        raise RuntimeError("broken")


def test_a_failure_names_the_method_the_agent_has(tmp_path):
    env = seeded_env(0)
    agent = FailingToAct(action_space=env.action_space)
    with pytest.raises(Exception, match="^agent.act failed after 0 episodes, at env step 0: RuntimeError: broken"):
        vector_loop(tmp_path, agent, env, max_episodes=5).train()


class StopAfter:
    """A schedule rule that asks the run to stop once the agent made 50 vector steps, as Ctrl-C does."""

    def __init__(self, agent):
        self.agent = agent

    def after_episode(self, progress):
        if self.agent.vector_steps >= 50:
            return Stop("interrupted", f"interrupted after episode {progress.episodes}")
        return None


def test_a_stop_logs_every_episode_that_ended_before_training_stops(tmp_path):
    env = seeded_env(0)
    agent = EndRecordingAgent(action_space=env.action_space, rng=np.random.default_rng(0))
    summary = Run(vector_loop(tmp_path, agent, env, max_episodes=1000), rules=[StopAfter(agent)]).train()
    assert summary.stop_reason.startswith("interrupted") and agent.vector_steps >= 50
    assert csv_rows(tmp_path / "episodes.csv") == [(episode, step) for episode, (step, _) in enumerate(agent.ends)]
    assert len({step for step, _ in agent.ends if step == agent.ends[-1][0]}) == 1


def test_a_stop_decided_within_a_group_names_the_episodes_done_when_it_takes_effect(tmp_path):
    env = seeded_env(0)
    agent = EndRecordingAgent(action_space=env.action_space, rng=np.random.default_rng(0))
    # Every episode lasts one step: the 4 sub-envs end together, and the stop comes at the first of them.
    loop = vector_loop(tmp_path, agent, env, max_episodes=1000, max_episode_len=1)
    summary = Run(loop, rules=[StopAfter(agent)]).train()
    rows = csv_rows(tmp_path / "episodes.csv")
    assert len(rows) % 4 == 0 and summary.stop_reason == f"interrupted after episode {len(rows)}"


def test_vector_kwargs_reach_the_vector_env(tmp_path):
    env = seeded_env(0)
    agent = RandomAgent(action_space=env.action_space, rng=np.random.default_rng(0))
    loop = VectorLoop(agent, env, num_envs=2, vectorization_mode="sync", vector_kwargs={"copy": False},
                      logdir=str(tmp_path / "tb"), checkpoint_dir=str(tmp_path / "c"))
    vector_env = loop._make_vector_env()
    assert vector_env.copy is False
    vector_env.close()


@pytest.mark.parametrize("mode", ["sync", "vector_entry_point"])
def test_vector_kwargs_the_vector_env_refuses_are_a_spec_error(tmp_path, mode):
    write_spec(tmp_path / "run.yaml", make_spec(max_episodes=2))
    result = run_cli("train", "-c", "run.yaml", "--set", f"loop.class={VECTOR_LOOP}", "--set", "loop.parameters.num_envs=2",
                     "--set", f"loop.parameters.vectorization_mode={mode}",
                     "--set", "loop.parameters.vector_kwargs={bogus: 1}", cwd=tmp_path)
    assert result.returncode == 2 and "loop.parameters.vector_kwargs" in result.stderr.splitlines()[-1]
    assert run_folders(tmp_path) == []  # nothing ran: no run is left behind
    assert mode == "vector_entry_point" or "removed runs/run-" in result.stderr  # the folder it named at start
    # (vector_entry_point's vector_kwargs are refused before any folder: VectorLoop.check_training)


def test_ctrl_c_under_async_warns_once_and_stops_with_a_checkpoint(tmp_path):
    """A terminal's Ctrl-C reaches the whole process group: the async env's worker processes too."""
    spec = make_spec(agent=f"{AGENTS / 'slow_random_agent.py'}:SlowRandomAgent", max_episodes=10_000,
                     max_episode_len=500, episodes_per_checkpoint=5, num_envs=2, vectorization_mode="async")
    spec["loop"]["class"] = VECTOR_LOOP
    write_spec(tmp_path / "run.yaml", spec)
    process = subprocess.Popen([GYM_LOOP, "train", "-c", "run.yaml"], cwd=tmp_path, stderr=subprocess.PIPE,
                               text=True, start_new_session=True)
    deadline = time.monotonic() + 60
    while not list(tmp_path.glob("runs/*/checkpoints/latest")) and time.monotonic() < deadline:
        time.sleep(0.01)
    os.killpg(process.pid, signal.SIGINT)
    _, stderr = process.communicate(timeout=60)
    assert process.returncode == 130, stderr
    assert stderr.count("finishing this episode") == 1, stderr
    assert json.loads((only_run(tmp_path) / "run.json").read_text())["status"] == "interrupted"


def test_the_last_line_counts_every_env_step_as_episodes_csv_does(tmp_path):
    """Sub-envs also step in episodes that have not ended: the summary counts those steps too."""
    write_spec(tmp_path / "run.yaml", make_spec(max_episodes=6))
    result = run_cli("train", "-c", "run.yaml", "--set", f"loop.class={VECTOR_LOOP}", "--set",
                     "loop.parameters.num_envs=4", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    steps = int(re.search(r"trained: 6 episodes, (\d+) steps", result.stderr).group(1))
    assert steps == csv_rows(only_run(tmp_path) / "episodes.csv")[-1][1]


FAILING_RESETS = """
import gymnasium
from gymnasium.envs.classic_control.cartpole import CartPoleEnv

class FailingReset(CartPoleEnv):
    \"\"\"Resets with the run's seed (7, the single env's) or none; fails the vector env's seeded or next reset.\"\"\"

    def __init__(self, fail="seeded"):
        super().__init__()
        self.fail = fail

    def reset(self, *, seed=None, options=None):
        if (seed is None) == (self.fail == "next") and seed != 7:
            raise RuntimeError("no reset today")
        return super().reset(seed=seed, options=options)

gymnasium.register("FailingReset-v0", entry_point=FailingReset)
"""


@pytest.mark.parametrize("fail, mode", [("seeded", "sync"), ("next", "sync"), ("next", "async")])
def test_a_failing_reset_of_the_vector_env_is_one_line_and_fails_the_run(tmp_path, fail, mode):
    """The vector env's first reset (with the sub-envs' seeds) and the one after it, before any step;
    under async, without Gymnasium's report of the worker's traceback."""
    (tmp_path / "failing_resets.py").write_text(FAILING_RESETS)
    spec = make_spec(max_episodes=2, num_envs=2, vectorization_mode=mode)
    spec.update(seed=7, env={"name": "FailingReset-v0", "imports": ["failing_resets"], "parameters": {"fail": fail}})
    spec["loop"]["class"] = VECTOR_LOOP
    write_spec(tmp_path / "run.yaml", spec)
    path = os.pathsep.join(filter(None, (str(tmp_path), os.environ.get("PYTHONPATH"))))
    result = run_cli("train", "-c", "run.yaml", cwd=tmp_path, env={"PYTHONPATH": path})
    assert result.returncode == 1, result.stderr
    errors = [line for line in result.stderr.splitlines() if not line.startswith("INFO: ")]
    assert errors == ["Error: env.reset failed after 0 episodes, at env step 0: RuntimeError: no reset today "
                      "(--debug shows the traceback)"]
    run = json.loads((only_run(tmp_path) / "run.json").read_text())
    assert (run["status"], run["reason"]) == ("failed", errors[0][len("Error: "):-len(
        " (--debug shows the traceback)")])


class AskedEveryEpisode:
    """A rule without ``quiet``: the run then counts every episode one by one, asking after each."""

    def after_episode(self, progress):
        return None


class EvaluationRecorder(Recorder):
    def __init__(self):
        super().__init__()
        self.evaluations = []

    def evaluation(self, result):
        self.evaluations.append(result)


@pytest.mark.parametrize("params", [dict(max_episodes=103, episodes_per_eval=7, episodes_per_checkpoint=5),
                                    dict(max_episodes=1000, max_steps=900, episodes_per_checkpoint=6)])
def test_counting_a_vector_steps_episodes_at_once_changes_nothing(tmp_path, params):
    seen = []
    for name, rules in (("at_once", []), ("one_by_one", [AskedEveryEpisode()])):
        env = seeded_env(0)
        env.action_space.seed(0)  # the agent's actions in evaluations
        agent = RandomAgent(action_space=env.action_space, rng=np.random.default_rng(0))
        recorder = EvaluationRecorder()
        folder = tmp_path / name
        files = {name: str(folder / file) for name, file in (("logdir", "tb"), ("checkpoint_dir", "c"),
                                                             ("episodes_csv", "episodes.csv"), ("evals_csv", "evals.csv"))}
        loop = VectorLoop(agent, env, seeded_env(1), num_envs=4, vectorization_mode="vector_entry_point",
                          eval_episodes=2, keep_checkpoints=None, **files, **params)
        summary = Run(loop, rules=rules, sinks=[recorder]).train()
        seen.append((recorder.episodes_seen, recorder.evaluations, sorted(os.listdir(folder / "c")),
                     summary.stop_reason, summary.episodes, summary.global_step, summary.best_mean_return,
                     [row.rsplit(",", 1)[0] for row in (folder / "episodes.csv").read_text().splitlines()]))
    assert seen[0] == seen[1]  # episodes.csv compared without its seconds column
    assert seen[0][2] and (seen[0][1] or "episodes_per_eval" not in params)
