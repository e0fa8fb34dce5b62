"""Runs you can trust: run folders, seeds, checkpoints, resume, evaluation of a saved run, early stop."""

import csv
import hashlib
import json
import re
import shutil
import signal
import subprocess
import time
from pathlib import Path

import pytest
import yaml

from conftest import AGENTS, GYM_LOOP, make_spec, only_run, pointed, read_scalars, run_cli, run_folders, write_spec

EXAMPLES = Path(__file__).parent.parent / "examples"
SLOW_RANDOM_AGENT = f"{AGENTS / 'slow_random_agent.py'}:SlowRandomAgent"
HILL_CLIMBING = f"{EXAMPLES / 'hill_climbing.py'}:HillClimbingAgent"


def train(tmp_path, *args):
    result = run_cli("train", *args, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    return run_folders(tmp_path)[-1]


def episodes(run):
    """(episode, global step, return, length) of every row of a run's episodes.csv."""
    with (run / "episodes.csv").open() as file:
        rows = list(csv.DictReader(file))
    return [(int(r["episode"]), int(r["global_step"]), float(r["return"]), int(r["length"])) for r in rows]


def test_a_run_folder_holds_spec_record_episodes_logs_and_checkpoints(tmp_path):
    write_spec(tmp_path / "cartpole.yaml", make_spec(max_episodes=4, episodes_per_checkpoint=2))
    run = train(tmp_path, "-c", "cartpole.yaml", "--set", "loop.parameters.max_episode_len=30")
    assert run.parent == tmp_path / "runs" and run.name.startswith("cartpole-")
    spec = yaml.safe_load((run / "spec.yaml").read_text())
    assert isinstance(spec["seed"], int)  # none given: one was drawn and recorded
    assert spec["loop"]["parameters"]["max_episode_len"] == 30  # overrides applied
    assert spec["policy"] is None and spec["runs_dir"] == "runs"  # defaults merged
    record = json.loads((run / "run.json").read_text())
    assert {"gym_loop", "python", "gymnasium", "numpy", "torch", "git", "command", "started", "ended"} <= set(record)
    assert (record["status"], record["seed"]) == ("finished", spec["seed"])
    assert record["command"][1:3] == ["train", "-c"]
    assert [row[0] for row in episodes(run)] == [0, 1, 2, 3]
    scalars = read_scalars(run / "logs")
    assert [step for step, _ in scalars["episode/return"]] == [row[1] for row in episodes(run)]  # env steps
    assert [value for _, value in scalars["episode/index"]] == [0, 1, 2, 3]
    assert sorted(p.name for p in (run / "checkpoints").iterdir()) == ["agent-000002", "agent-000004", "latest",
                                                                       "run-id"]
    assert (run / "checkpoints" / "latest").read_text() == "agent-000004\n"  # a pointer file survives cp -r
    assert not (tmp_path / "logs").exists() and not (tmp_path / "checkpoints").exists()


def test_the_drawn_seed_reproduces_the_run(tmp_path):
    write_spec(tmp_path / "run.yaml", make_spec(max_episodes=5))
    first = train(tmp_path, "-c", "run.yaml")
    seed = json.loads((first / "run.json").read_text())["seed"]
    again = train(tmp_path, "-c", "run.yaml", "--seed", str(seed))
    assert episodes(again) == episodes(first)


def test_same_seed_same_episodes_other_seed_other_episodes(tmp_path):
    write_spec(tmp_path / "run.yaml", {**make_spec(max_episodes=20), "seed": 7})
    first, second = train(tmp_path, "-c", "run.yaml"), train(tmp_path, "-c", "run.yaml")
    assert first != second  # two runs in the same second still get their own folders
    assert episodes(first) == episodes(second)
    other = train(tmp_path, "-c", "run.yaml", "--seed", "8")
    assert [row[2:] for row in episodes(other)] != [row[2:] for row in episodes(first)]


def test_a_learning_agent_is_reproducible_through_its_seeded_rng(tmp_path):
    spec = make_spec(agent=HILL_CLIMBING, max_episodes=15, max_episode_len=200)
    write_spec(tmp_path / "run.yaml", {**spec, "seed": 3})
    assert episodes(train(tmp_path, "-c", "run.yaml")) == episodes(train(tmp_path, "-c", "run.yaml"))


def test_a_second_run_leaves_the_first_untouched(tmp_path):
    write_spec(tmp_path / "run.yaml", make_spec(max_episodes=3))
    first = train(tmp_path, "-c", "run.yaml")
    before = fingerprint(first)
    train(tmp_path, "-c", "run.yaml")
    assert len(run_folders(tmp_path)) == 2
    assert fingerprint(first) == before


def fingerprint(folder):
    return {path.relative_to(folder): hashlib.sha256(path.read_bytes()).hexdigest()
            for path in sorted(folder.rglob("*")) if path.is_file()}


def test_runs_dir_from_the_spec_and_from_the_command_line(tmp_path):
    write_spec(tmp_path / "run.yaml", {**make_spec(max_episodes=1), "runs_dir": "experiments"})
    for options, parent in (([], "experiments"), (["--runs-dir", "elsewhere"], "elsewhere")):
        result = run_cli("train", "-c", "run.yaml", *options, cwd=tmp_path)
        assert result.returncode == 0, result.stderr
        assert len(list((tmp_path / parent).glob("run-*/episodes.csv"))) == 1


def test_absolute_paths_stay_where_they_point(tmp_path):
    outside = tmp_path / "shared_tb"
    write_spec(tmp_path / "run.yaml", make_spec(max_episodes=2, logdir=str(outside)))
    run = train(tmp_path, "-c", "run.yaml")
    assert len(read_scalars(outside)["episode/return"]) == 2 and not (run / "logs").exists()


def test_resume_continues_counters_curves_and_rngs_exactly(tmp_path):
    """A learning agent trained 10 episodes, then resumed to 24, equals one trained 24 at once."""
    spec = {**make_spec(agent=HILL_CLIMBING, max_episodes=24, max_episode_len=200, episodes_per_checkpoint=5),
            "seed": 11}
    write_spec(tmp_path / "run.yaml", spec)
    whole = train(tmp_path, "-c", "run.yaml")
    part = train(tmp_path, "-c", "run.yaml", "--set", "loop.parameters.max_episodes=10")
    result = run_cli("train", "--resume", part.relative_to(tmp_path), "--set", "loop.parameters.max_episodes=24",
                     cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert episodes(part) == episodes(whole)
    assert read_scalars(part / "logs")["episode/return"] == read_scalars(whole / "logs")["episode/return"]
    record = json.loads((part / "run.json").read_text())
    assert record["status"] == "finished" and record["resumed"][0]["checkpoint"].endswith("agent-000010")
    assert yaml.safe_load((part / "spec.yaml").read_text())["loop"]["parameters"]["max_episodes"] == 24


def interrupted_run(tmp_path, *signals):
    """Start training a slow RandomAgent and send ``signals`` once its first checkpoint is written."""
    process = subprocess.Popen([GYM_LOOP, "train", "-c", "run.yaml"], cwd=tmp_path, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 60
    while not list(tmp_path.glob("runs/*/checkpoints/latest")) and time.monotonic() < deadline:
        time.sleep(0.01)
    for number in signals:
        process.send_signal(number)
        time.sleep(0.005)
    _, stderr = process.communicate(timeout=60)
    return process.returncode, stderr, only_run(tmp_path)


README_STYLE_AGENT = """
from gym_loop.agents import BaseAgent


class DecayingAgent(BaseAgent):
    \"\"\"Written as the README shows: it keeps what it learns in self.parameters.\"\"\"

    @staticmethod
    def get_default_parameters():
        return {"epsilon": 1.0, "decay": 0.97}

    def __init__(self, **params):
        super().__init__()
        self.parameters = self.get_default_parameters()
        self.parameters.update(params)

    def act(self, state, episode_num):
        if self.parameters["rng"].random() < self.parameters["epsilon"]:
            return int(self.parameters["rng"].integers(2))
        return int(state[2] > 0)

    def update(self, episode_num):
        self.parameters["epsilon"] *= self.parameters["decay"]
"""


def test_an_agent_keeping_what_it_learns_in_self_parameters_resumes_exactly(tmp_path):
    """The default save keeps the entries of self.parameters the agent changed (and only those)."""
    from gym_loop.state import read_state

    (tmp_path / "decaying.py").write_text(README_STYLE_AGENT)
    spec = {**make_spec(agent=f"{tmp_path / 'decaying.py'}:DecayingAgent", max_episodes=10, max_episode_len=200,
                        episodes_per_checkpoint=5), "seed": 5}
    spec["agent"]["parameters"]["decay"] = 0.95
    write_spec(tmp_path / "run.yaml", spec)
    whole = train(tmp_path, "-c", "run.yaml")
    part = train(tmp_path, "-c", "run.yaml", "--set", "loop.parameters.max_episodes=5")
    result = run_cli("train", "--resume", part, "--set", "loop.parameters.max_episodes=10", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert episodes(part) == episodes(whole)
    saved = read_state(str(part / "checkpoints" / "agent-000005" / "agent.ckpt"))
    assert list(saved["parameters"]) == ["epsilon"] and 0 < saved["parameters"]["epsilon"] < 0.95 ** 5
    evaluated = run_cli("eval", "--run", part, "--checkpoint", "agent-000005", cwd=tmp_path)
    assert evaluated.returncode == 0, evaluated.stderr


@pytest.mark.parametrize("signals, code", [
    ((signal.SIGINT,), 130),
    ((signal.SIGTERM,), 143),
    ((signal.SIGINT, signal.SIGINT), 130),  # the second stops at once; resume from the last periodic checkpoint
], ids=["ctrl-c", "sigterm", "ctrl-c-twice"])
def test_interrupted_then_resumed_equals_uninterrupted(tmp_path, signals, code):
    spec = {**make_spec(agent=SLOW_RANDOM_AGENT, max_episodes=60, max_episode_len=500, episodes_per_checkpoint=5),
            "seed": 5}
    write_spec(tmp_path / "run.yaml", spec)
    returncode, stderr, run = interrupted_run(tmp_path, *signals)
    assert returncode == code
    resume_command = f"gym-loop train --resume runs/{run.name}"
    assert stderr.splitlines()[-1].endswith(f"; resume with: {resume_command}")
    record = json.loads((run / "run.json").read_text())
    assert record["status"] == "interrupted"
    stopped_at = len(episodes(run))
    assert 0 < stopped_at < 60

    result = run_cli(*resume_command.split()[1:], cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    (tmp_path / "uninterrupted").mkdir()
    write_spec(tmp_path / "uninterrupted" / "run.yaml", spec)
    whole = train(tmp_path / "uninterrupted", "-c", "run.yaml")
    assert episodes(run) == episodes(whole)
    indices = [int(value) for _, value in read_scalars(run / "logs")["episode/index"]]
    assert indices == list(range(60))  # one curve, no episode missing or twice
    assert [step for step, _ in read_scalars(run / "logs")["episode/return"]] == [row[1] for row in episodes(whole)]
    assert json.loads((run / "run.json").read_text())["status"] == "finished"


def test_a_checkpoint_is_evaluated_later(tmp_path):
    write_spec(tmp_path / "run.yaml", make_spec(agent=HILL_CLIMBING, max_episodes=6, episodes_per_checkpoint=3,
                                                eval_episodes=4, max_episode_len=100))
    run = train(tmp_path, "-c", "run.yaml")
    for checkpoint in ([], ["--checkpoint", "latest"], ["--checkpoint", str(run / "checkpoints" / "agent-000003")]):
        result = run_cli("eval", "--run", run, *checkpoint, cwd=tmp_path)
        assert result.returncode == 0, result.stderr
        assert "evaluated: 4 episodes" in result.stderr
    summaries = [json.loads(path.read_text()) for path in (run / "eval_logs").glob("summary-*.json")]
    assert sorted(Path(summary["checkpoint"]).name for summary in summaries) == [
        "agent-000003", "agent-000006", "agent-000006"]
    for summary in summaries:
        assert summary["episodes"] == 4
        assert set(summary["return"]) == set(summary["length"]) == {"mean", "std", "min", "max"}
        assert summary["return"]["min"] <= summary["return"]["mean"] <= summary["return"]["max"]
    tensorboard_runs = sorted(path for path in (run / "eval_logs").iterdir() if path.is_dir())
    # one TensorBoard run per evaluation, named by checkpoint and time, none overwriting another
    assert sorted(re.match(r"(agent-\d+)-\d{8}-\d{6}", path.name).group(1) for path in tensorboard_runs) == [
        "agent-000003", "agent-000006", "agent-000006"]
    for path in tensorboard_runs:
        assert [step for step, _ in read_scalars(path)["episode/return"]] == [0, 1, 2, 3]


def test_each_evaluation_records_its_videos_into_a_folder_of_its_own(tmp_path):
    """Two evaluations of one run never overwrite each other's videos; periodic evaluations record none."""
    write_spec(tmp_path / "run.yaml", make_spec(max_episodes=2, episodes_per_checkpoint=1, episodes_per_eval=1,
                                                max_episode_len=10, eval_record=True))
    run = train(tmp_path, "-c", "run.yaml")
    assert not (run / "eval_records").exists()  # eval_record is for gym-loop eval, not periodic evaluations
    folders = []
    for checkpoint in ("agent-000001", "agent-000002", "agent-000002"):
        result = run_cli("eval", "--run", run, "--checkpoint", checkpoint, cwd=tmp_path)
        assert result.returncode == 0, result.stderr
        folders.append(Path(re.search(r"videos in (\S+)", result.stderr).group(1)))
    assert len(set(folders)) == 3 and all(folder.parent == run / "eval_records" for folder in folders)
    assert [folder.name[:12] for folder in folders] == ["agent-000001", "agent-000002", "agent-000002"]
    for folder in folders:
        assert sorted(path.name for path in folder.iterdir()) == ["rl-video-episode-0.mp4", "rl-video-episode-1.mp4"]
    summaries = [json.loads(path.read_text()) for path in (run / "eval_logs").glob("summary-*.json")]
    assert sorted(Path(summary["videos"]) for summary in summaries) == sorted(folders)


def test_eval_loads_the_agents_state_from_the_checkpoint(tmp_path):
    """Hill climbing's saved weights balance the pole; a fresh agent's do not."""
    write_spec(tmp_path / "run.yaml", {**make_spec(agent=HILL_CLIMBING, max_episodes=60, max_episode_len=500,
                                                   eval_episodes=3, episodes_per_eval=10, reward_threshold=450),
                                       "seed": 1})
    run = train(tmp_path, "-c", "run.yaml")
    assert "solved" in json.loads((run / "run.json").read_text())["reason"]
    loaded = run_cli("eval", "--run", run, "--checkpoint", "best", cwd=tmp_path)
    fresh = run_cli("eval", "-c", "run.yaml", cwd=tmp_path)
    assert "mean return 500.00" in loaded.stderr, loaded.stderr
    assert "mean return 500.00" not in fresh.stderr


def test_early_stop_with_periodic_evaluation_keeps_the_best_checkpoint(tmp_path):
    write_spec(tmp_path / "run.yaml", make_spec(max_episodes=50, episodes_per_eval=2, eval_episodes=2,
                                                reward_threshold=1))
    run = train(tmp_path, "-c", "run.yaml")
    record = json.loads((run / "run.json").read_text())
    assert record["status"] == "finished"
    assert record["reason"].startswith("solved after 2 episodes: evaluation mean return")
    assert len(episodes(run)) == 2
    assert pointed(run / "checkpoints", "best") == pointed(run / "checkpoints", "latest")
    scalars = read_scalars(run / "logs")
    assert [step for step, _ in scalars["eval/mean_return"]] == [episodes(run)[-1][1]]  # at the env step
    assert {"eval/std_return", "eval/mean_length"} <= set(scalars)


def test_a_solved_run_resumed_at_the_same_threshold_says_it_is_finished_and_how_to_go_on(tmp_path):
    write_spec(tmp_path / "run.yaml", make_spec(max_episodes=50, episodes_per_eval=2, eval_episodes=2,
                                                reward_threshold=1))
    run = train(tmp_path, "-c", "run.yaml").relative_to(tmp_path)
    kept = {path: (tmp_path / run / path).read_bytes() for path in ("run.json", "spec.yaml", "episodes.csv")}
    reason = json.loads(kept["run.json"])["reason"]
    again = run_cli("train", "--resume", run, "--set", "loop.parameters.max_episodes=60", cwd=tmp_path)
    assert again.returncode == 1
    assert again.stderr.splitlines()[-1] == (f"Error: {run} already finished, {reason}; to train on: gym-loop train "
                                             f"--resume {run} --set loop.parameters.reward_threshold=null (or a "
                                             f"higher threshold)")
    assert {path: (tmp_path / run / path).read_bytes() for path in kept} == kept  # no episode played, nothing written
    on = run_cli("train", "--resume", run, "--set", "loop.parameters.reward_threshold=null",
                 "--set", "loop.parameters.max_episodes=4", cwd=tmp_path)
    assert on.returncode == 0, on.stderr
    assert json.loads((tmp_path / run / "run.json").read_text())["reason"] == "ran every planned episode"
    assert len(episodes(tmp_path / run)) == 4


def test_early_stop_without_evaluation_uses_the_last_100_training_episodes(tmp_path):
    write_spec(tmp_path / "run.yaml", make_spec(max_episodes=500, max_episode_len=5, reward_threshold=1))
    run = train(tmp_path, "-c", "run.yaml")
    reason = json.loads((run / "run.json").read_text())["reason"]
    assert reason == "solved after 100 episodes: mean return of the last 100 episodes 5.00 >= 1"
    assert len(episodes(run)) == 100


def test_reward_threshold_env_uses_the_envs_own(tmp_path):
    write_spec(tmp_path / "run.yaml", make_spec(max_episodes=3, reward_threshold="env"))
    run = train(tmp_path, "-c", "run.yaml")
    assert json.loads((run / "run.json").read_text())["reason"] == "ran every planned episode"  # 475 not reached


def test_a_failed_run_is_recorded_as_failed(tmp_path):
    (tmp_path / "failing.py").write_text(
        "from gym_loop.agents import BaseAgent\n"
        "class Agent(BaseAgent):\n"
        "    def act(self, state, episode_num):\n        raise ValueError('no action')\n")
    write_spec(tmp_path / "run.yaml", make_spec(agent=f"{tmp_path / 'failing.py'}:Agent"))
    assert run_cli("train", "-c", "run.yaml", cwd=tmp_path).returncode == 1
    record = json.loads((only_run(tmp_path) / "run.json").read_text())
    assert (record["status"], record["reason"]) == ("failed", "agent.act failed at episode 0, step 1: "
                                                               "ValueError: no action")


def test_checkpoints_are_tagged_with_the_git_commit(tmp_path):
    git = ["git", "-c", "user.name=t", "-c", "user.email=t@t"]
    subprocess.run([*git, "init", "-q"], cwd=tmp_path, check=True)
    write_spec(tmp_path / "run.yaml", make_spec(max_episodes=1))
    subprocess.run([*git, "add", "run.yaml"], cwd=tmp_path, check=True)
    subprocess.run([*git, "commit", "-q", "-m", "spec"], cwd=tmp_path, check=True)
    commit = subprocess.run(["git", "rev-parse", "HEAD"], cwd=tmp_path, capture_output=True, text=True).stdout.strip()
    run = train(tmp_path, "-c", "run.yaml")
    assert (run / "checkpoints" / f"agent-000001-{commit[:8]}").is_dir()
    assert json.loads((run / "run.json").read_text())["git"] == {"commit": commit, "dirty": False}


@pytest.mark.parametrize("old", ["none", "file", "symlink", "directory"])
def test_a_pointer_is_written_over_whatever_an_older_run_left(tmp_path, old):
    """An older gym-loop's pointers were symbolic links; copied with cp -rL they became directories."""
    from gym_loop.run_checkpoints import write_pointer

    (tmp_path / "agent-000001").mkdir()
    pointer = tmp_path / "latest"
    if old == "file":
        pointer.write_text("agent-000000\n")
    elif old == "symlink":
        pointer.symlink_to("agent-000001")
    elif old == "directory":
        (pointer / "inside").mkdir(parents=True)
    write_pointer(pointer, "agent-000002")
    assert pointer.is_file() and not pointer.is_symlink() and pointer.read_text() == "agent-000002\n"
    assert sorted(path.name for path in tmp_path.iterdir()) == ["agent-000001", "latest"]


def test_a_resume_that_fails_before_training_leaves_the_run_as_it_was(tmp_path):
    write_spec(tmp_path / "run.yaml", make_spec(max_episodes=5, episodes_per_checkpoint=5))
    run = train(tmp_path, "-c", "run.yaml")
    kept = {path: path.read_bytes() for path in (run / "spec.yaml", run / "run.json")}
    refused = run_cli("train", "--resume", run, "--set", "loop.parameters.max_episodes=10",
                      "--set", "env.parameters.gravity=1", cwd=tmp_path)  # CartPole takes no gravity
    assert refused.returncode == 2 and "gravity" in refused.stderr.splitlines()[-1]
    agent_file = next((run / "checkpoints").glob("agent-*/agent.ckpt"))
    agent_file.write_bytes(b"damaged")
    failed = run_cli("train", "--resume", run, "--set", "loop.parameters.max_episodes=10", cwd=tmp_path)
    assert failed.returncode == 1 and "agent.ckpt is not a gym-loop state file" in failed.stderr.splitlines()[-1]
    assert {path: path.read_bytes() for path in kept} == kept  # the spec and the record as they were


SHAPED_ENV = """
import gymnasium as gym
from gymnasium import spaces
from gymnasium.envs.registration import register


class Shaped(gym.Env):
    def __init__(self, parts=1):
        self.observation_space = spaces.Tuple([spaces.Discrete(3)] * parts)
        self.action_space = spaces.Discrete(2)

    def reset(self, seed=None, options=None):
        super().reset(seed=seed)
        return self.observation_space.sample(), {}

    def step(self, action):
        return self.observation_space.sample(), 1.0, bool(self.np_random.random() < 0.2), False, {}


register("RestShaped-v0", entry_point=Shaped)
"""


@pytest.mark.parametrize("parameters, changed, said", [
    ({"parts": 1}, "loop.parameters.episodes_per_eval=null",
     "Error: loop.parameters.episodes_per_eval: --resume cannot turn periodic evaluation off; put the run's value "
     "back: --set loop.parameters.episodes_per_eval=2"),
    ({"parts": 1}, "env.parameters.parts=3",
     "Error: resume: the checkpoint holds 9 random generator states but the run has 13: the env, agent or "
     "episodes_per_eval differ from the run's; put the run's values back: --set env.parameters.parts=1"),
    ({}, "env.parameters.parts=2",  # the run had the env's default: there is no value to put back
     "Error: resume: the checkpoint holds 9 random generator states but the run has 11: the env, agent or "
     "episodes_per_eval differ from the run's; resume without --set env.parameters.parts"),
])
def test_a_refused_resume_names_the_set_that_puts_the_runs_value_back(tmp_path, parameters, changed, said):
    (tmp_path / "rest_shaped.py").write_text(SHAPED_ENV)
    spec = make_spec(max_episodes=4, episodes_per_checkpoint=2, episodes_per_eval=2, eval_episodes=1)
    spec["env"] = {"name": "RestShaped-v0", "imports": ["rest_shaped"], "parameters": parameters}
    write_spec(tmp_path / "run.yaml", spec)
    run = train(tmp_path, "-c", "run.yaml")
    kept = {path: path.read_bytes() for path in (run / "spec.yaml", run / "run.json")}
    refused = run_cli("train", "--resume", run, "--set", "loop.parameters.max_episodes=6",
                      "--set", changed, cwd=tmp_path)
    assert refused.returncode == 2 and refused.stderr.strip().splitlines()[-1] == said, refused.stderr
    assert {path: path.read_bytes() for path in kept} == kept  # the spec and the record as they were
    plain = run_cli("train", "--resume", run, "--set", "loop.parameters.max_episodes=6", cwd=tmp_path)
    assert plain.returncode == 0, plain.stderr
    assert len(episodes(run)) == 6


def test_a_resume_whose_vector_kwargs_make_vec_refuses_leaves_the_run_as_it_was(tmp_path):
    spec = make_spec(max_episodes=2, episodes_per_checkpoint=1)
    spec["loop"] = {"class": "gym_loop.loops.vector_loop:VectorLoop",
                    "parameters": {"max_episodes": 2, "num_envs": 2, "vectorization_mode": "sync"}}
    write_spec(tmp_path / "run.yaml", spec)
    run = train(tmp_path, "-c", "run.yaml")
    kept = {path: path.read_bytes() for path in (run / "spec.yaml", run / "run.json", run / "episodes.csv")}
    refused = run_cli("train", "--resume", run, "--set", "loop.parameters.max_episodes=4",
                      "--set", "loop.parameters.vector_kwargs.bogus=1", cwd=tmp_path)  # found when make_vec runs
    assert refused.returncode == 2, refused.stderr
    lines = [line for line in refused.stderr.splitlines() if not line.startswith("INFO: ")]
    assert len(lines) == 1 and lines[0].startswith("Error: loop.parameters.vector_kwargs: gymnasium.make_vec "
                                                   "refused it: "), refused.stderr
    assert {path: path.read_bytes() for path in kept} == kept  # the spec, the record and the rows as they were
    again = run_cli("train", "--resume", run, "--set", "loop.parameters.max_episodes=4", cwd=tmp_path)
    assert again.returncode == 0, again.stderr
    assert json.loads((run / "run.json").read_text())["status"] == "finished"
    assert len(episodes(run)) >= 4


@pytest.mark.parametrize("key, value", [("seed", "99"), ("env.name", "Acrobot-v1"),
                                        ("agent.class", "gym_loop.agents.cross_entropy:CrossEntropyAgent")])
def test_a_resume_keeps_the_runs_seed_env_and_classes(tmp_path, key, value):
    write_spec(tmp_path / "run.yaml", {**make_spec(max_episodes=2, episodes_per_checkpoint=1), "seed": 3})
    run = train(tmp_path, "-c", "run.yaml")
    result = run_cli("train", "--resume", run, "--set", "loop.parameters.max_episodes=4", "--set", f"{key}={value}",
                     cwd=tmp_path)
    assert result.returncode == 2 and result.stderr.splitlines()[-1].startswith(f"Error: {key}: --resume keeps")
    changed = run_cli("train", "--resume", run, "--set", "loop.parameters.max_episodes=4", "--set",
                      "loop.parameters.eval_episodes=3", cwd=tmp_path)  # a parameter may change
    assert changed.returncode == 0, changed.stderr


def test_ctrl_c_cuts_an_evaluation_short_and_the_resumed_run_finishes_it(tmp_path):
    """A signal during a long periodic evaluation stops after its episode; resuming plays the rest of it."""
    agent = f"{AGENTS / 'slow_evaluation_agent.py'}:SlowEvaluationAgent"
    spec = {**make_spec(agent=agent, max_episodes=6, max_episode_len=200, episodes_per_checkpoint=3,
                        episodes_per_eval=3, eval_episodes=60), "seed": 4}
    write_spec(tmp_path / "run.yaml", spec)
    process = subprocess.Popen([GYM_LOOP, "train", "-c", "run.yaml"], cwd=tmp_path, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 60
    while not (tmp_path / "evaluating").exists() and time.monotonic() < deadline:
        time.sleep(0.01)
    process.send_signal(signal.SIGINT)
    _, stderr = process.communicate(timeout=60)
    run = only_run(tmp_path)
    assert process.returncode == 130, stderr
    assert "interrupted during the evaluation after 3 episodes of 6; resume with" in stderr.splitlines()[-1]
    assert not (run / "evals.csv").read_text().splitlines()[1:]  # the evaluation is not done yet

    result = run_cli("train", "--resume", run, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    (tmp_path / "uninterrupted").mkdir()
    write_spec(tmp_path / "uninterrupted" / "run.yaml", spec)
    whole = train(tmp_path / "uninterrupted", "-c", "run.yaml")
    assert episodes(run) == episodes(whole)
    assert (run / "evals.csv").read_text() == (whole / "evals.csv").read_text()


def test_a_run_with_a_file_agent_resumes_and_is_evaluated_from_another_directory(tmp_path):
    made_in, elsewhere = tmp_path / "project", tmp_path / "elsewhere"
    made_in.mkdir(), elsewhere.mkdir()
    shutil.copy(AGENTS / "slow_random_agent.py", made_in / "my_agent.py")
    spec = make_spec(max_episodes=2, episodes_per_checkpoint=1)
    spec["agent"] = {"class": "my_agent.py:SlowRandomAgent", "parameters": {}}
    write_spec(made_in / "run.yaml", spec)
    run = train(made_in, "-c", "run.yaml")
    evaluated = run_cli("eval", "--run", run, "--output", elsewhere / "eval", cwd=elsewhere)
    assert evaluated.returncode == 0, evaluated.stderr
    resumed = run_cli("train", "--resume", run, "--set", "loop.parameters.max_episodes=3", cwd=elsewhere)
    assert resumed.returncode == 0, resumed.stderr
    assert len(episodes(run)) == 3


def test_train_from_python_refuses_to_overwrite_an_earlier_runs_files(tmp_path, monkeypatch):
    import gymnasium

    from gym_loop.agents.random_agent import RandomAgent
    from gym_loop.errors import GymLoopError
    from gym_loop.loops.default_loop import DefaultLoop

    monkeypatch.chdir(tmp_path)

    def loop(**params):
        env = gymnasium.make("CartPole-v1")
        return DefaultLoop(RandomAgent(action_space=env.action_space), env, max_episodes=3, **params)

    loop().train()  # the seeds' way: files where the loop's parameters point, here in the working directory
    first = (tmp_path / "episodes.csv").read_text()
    with pytest.raises(GymLoopError, match=r"^train\(\) would overwrite an earlier run's episodes.csv, checkpoints "
                                           "and logs; move them away"):
        loop().train()
    with pytest.raises(GymLoopError, match=r"earlier run's checkpoints and logs; .*checkpoint_dir="):
        loop(episodes_csv="second.csv").train()
    assert (tmp_path / "episodes.csv").read_text() == first and not (tmp_path / "second.csv").exists()
    assert [p.name for p in (tmp_path / "checkpoints").glob("agent-*")] == ["agent-000003"]
    loop(episodes_csv="second.csv", checkpoint_dir="second").train()  # other paths: a second run
    assert len((tmp_path / "second.csv").read_text().splitlines()) == 4


def test_a_resume_keeps_the_runs_checkpoint_dir(tmp_path):
    write_spec(tmp_path / "run.yaml", make_spec(max_episodes=4, episodes_per_checkpoint=2))
    assert run_cli("-q", "train", "-c", "run.yaml", "--run-dir", "rc1", cwd=tmp_path).returncode == 0
    record = (tmp_path / "rc1" / "run.json").read_text()
    result = run_cli("train", "--resume", "rc1", "--set", "loop.parameters.max_episodes=8",
                     "--set", "loop.parameters.checkpoint_dir=./ck2", cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr.splitlines() == [
        "Error: loop.parameters.checkpoint_dir: --resume keeps the run's './checkpoints', not './ck2'; to change it, "
        "start a new run: gym-loop train -c rc1/spec.yaml --set loop.parameters.checkpoint_dir=..."]
    assert (tmp_path / "rc1" / "run.json").read_text() == record and not (tmp_path / "rc1" / "ck2").exists()
    same = run_cli("-q", "train", "--resume", "rc1", "--set", "loop.parameters.max_episodes=6",
                   "--set", "loop.parameters.checkpoint_dir=checkpoints", cwd=tmp_path)  # the same folder, written alike
    assert same.returncode == 0, same.stderr
    assert len(episodes(tmp_path / "rc1")) == 6
