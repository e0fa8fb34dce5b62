"""tester5a's defects 2, 3, 4, 5, 11 and 12, seen as a user sees them (the rows of docs/errors.rst they added
are run by tests/test_errors_table.py)."""

import json
import resource
import subprocess

import pytest

from conftest import GYM_LOOP, make_spec, run_cli, write_spec

LOGGING_ENV = """
import gymnasium
import numpy as np
from gymnasium import spaces


class Logging(gymnasium.Env):
    \"\"\"Appends each episode's length to log.txt (its own file, outside the run folder).\"\"\"

    observation_space = spaces.Box(-1, 1, (2,), np.float32)
    action_space = spaces.Discrete(2)

    def reset(self, seed=None, options=None):
        super().reset(seed=seed)
        self.t = 0
        return np.zeros(2, np.float32), {}

    def step(self, action):
        self.t += 1
        if self.t == 4:
            with open("log.txt", "a") as log:
                log.write("4\\n")
        return np.zeros(2, np.float32), 1.0, self.t >= 4, False, {}


gymnasium.register("Logging-v0", entry_point=Logging)
"""


def test_a_file_size_limit_hit_by_the_env_keeps_its_stage(tmp_path):
    (tmp_path / "logging_env.py").write_text(LOGGING_ENV)
    (tmp_path / "log.txt").write_text("x" * 4096)  # above the limit: the env's next append fails
    spec = make_spec("Logging-v0", max_episodes=5, logdir=None)
    spec["env"]["imports"] = ["logging_env"]
    write_spec(tmp_path / "run.yaml", spec)
    result = subprocess.run([GYM_LOOP, "-q", "train", "-c", "run.yaml", "--run-dir", "uf"], cwd=tmp_path,
                            capture_output=True, text=True, timeout=300,  # like ulimit -f 4
                            preexec_fn=lambda: resource.setrlimit(resource.RLIMIT_FSIZE, (2048, 2048)))
    assert result.returncode == 1, result.stderr
    [line] = result.stderr.splitlines()
    reason = ("env.step failed at episode 0, step 4: OSError: [Errno 27] File too large; a file reached the largest "
              "size this process may write (ulimit -f) or the file system allows: raise that limit or choose "
              "another place")
    assert line == (f"Error: {reason}, then start again with: gym-loop train -c uf/spec.yaml (it saved no "
                    "checkpoint to resume from) (--debug shows the traceback)")
    record = json.loads((tmp_path / "uf" / "run.json").read_text())
    assert record["status"] == "failed" and record["reason"] == reason


def videos(run):
    """{file name: bytes} of a run's training videos."""
    return {path.name: path.read_bytes() for path in (run / "episode_records").iterdir()}


def test_a_resumed_run_keeps_its_videos_and_numbers_new_ones_by_episode(tmp_path):
    spec = make_spec(max_episodes=10, record=True, max_episode_len=20, logdir=None)
    write_spec(tmp_path / "run.yaml", spec)
    straight = run_cli("-q", "train", "-c", "run.yaml", "--seed", "2", "--run-dir", "straight", cwd=tmp_path)
    assert straight.returncode == 0, straight.stderr
    first = run_cli("-q", "train", "-c", "run.yaml", "--seed", "2", "--run-dir", "resumed",
                    "-s", "loop.parameters.max_episodes=2", cwd=tmp_path)
    assert first.returncode == 0, first.stderr
    before = videos(tmp_path / "resumed")
    assert sorted(before) == ["rl-video-episode-0.mp4", "rl-video-episode-1.mp4"]
    resumed = run_cli("-q", "train", "--resume", "resumed", "-s", "loop.parameters.max_episodes=10", cwd=tmp_path)
    assert resumed.returncode == 0, resumed.stderr
    assert "Overwriting" not in resumed.stderr
    after = videos(tmp_path / "resumed")
    assert {name: after[name] for name in before} == before  # the first segment's videos untouched
    assert after == videos(tmp_path / "straight")  # episode 8 named 8, as without the resume


EDITED_AGENT = """
from pathlib import Path
from gym_loop.agents import BaseAgent


class Agent(BaseAgent):
    def act(self, state, episode_num):
        with open("actions.txt", "a") as actions:
            actions.write("{action}")
        return {action}
"""


def test_a_file_agent_edited_between_two_runs_of_one_process_runs_its_new_code(tmp_path, monkeypatch, caplog):
    import hashlib

    from gym_loop.gym_loop import train_agent

    monkeypatch.chdir(tmp_path)
    spec = make_spec(max_episodes=1, max_episode_len=3, logdir=None)
    spec["agent"] = {"class": "edited_agent_5b.py:Agent", "parameters": {}}
    runs = []
    for action in (0, 1):  # the same size, written within a second: no bytecode cache may serve the old code
        (tmp_path / "edited_agent_5b.py").write_text(EDITED_AGENT.format(action=action))
        (tmp_path / "actions.txt").write_text("")
        runs.append(train_agent(spec, name=f"a{action}").run_dir)
        assert set((tmp_path / "actions.txt").read_text()) == {str(action)}
    assert "edited_agent_5b.py changed since it was imported in this process" in caplog.text
    code = json.loads((runs[1] / "run.json").read_text())["code"]["agent"]
    assert code == hashlib.sha256((tmp_path / "edited_agent_5b.py").read_bytes()).hexdigest()
    assert code != json.loads((runs[0] / "run.json").read_text())["code"]["agent"]


def original_flow(folder, spec):
    """The seeds' README flow: the four builders, then ``loop.train()``, in ``folder``; its episodes.csv rows."""
    import os

    from gym_loop.gym_loop import build_agent, build_env, build_loop, build_policy

    here = os.getcwd()
    folder.mkdir()
    os.chdir(folder)
    try:
        env = build_env(spec)
        policy = build_policy(spec, env)
        agent = build_agent(spec, policy, env)
        build_loop(spec, agent, policy, env).train()
        env.close()
    finally:
        os.chdir(here)
    return [row.split(",")[:4] for row in (folder / "episodes.csv").read_text().splitlines()]


GLOBAL_DRAWS = """
import numpy as np
from gym_loop.agents import BaseAgent


class GlobalDraws(BaseAgent):
    def __init__(self, **params):
        super().__init__(**params)
        self.weights = np.random.random(7)  # a constructor drawing from the global generator, as torch's init does

    def act(self, state, episode_num):
        return int(np.random.random() < 0.5)
"""


@pytest.mark.parametrize("agent", ["gym_loop.agents.random_agent:RandomAgent", "{tmp}/draws.py:GlobalDraws"])
def test_the_original_builders_seed_as_gym_loop_train_does(tmp_path, agent):
    """GlobalDraws: the builders must not seed the globals again after build_agent drew from them."""
    from gym_loop.gym_loop import get_default_params

    (tmp_path / "draws.py").write_text(GLOBAL_DRAWS)
    spec = get_default_params(agent.format(tmp=tmp_path), "gym_loop.loops.default_loop:DefaultLoop")
    spec["env"]["name"] = "CartPole-v1"
    spec["loop"]["parameters"].update(max_episodes=4, logdir=None)
    spec["seed"] = 5
    first, second = original_flow(tmp_path / "x1", spec), original_flow(tmp_path / "x2", spec)
    assert first == second and len(first) == 5
    write_spec(tmp_path / "run.yaml", spec)
    trained = run_cli("-q", "train", "-c", "run.yaml", "--run-dir", "cli", cwd=tmp_path)
    assert trained.returncode == 0, trained.stderr
    assert [row.split(",")[:4] for row in (tmp_path / "cli" / "episodes.csv").read_text().splitlines()] == first


NOTEBOOK = """
import yaml
from gym_loop.agents import BaseAgent
from gym_loop.gym_loop import train_agent


class NB(BaseAgent):
    def act(self, state, episode_num):
        return 0


spec = yaml.safe_load(open("run.yaml"))
spec["agent"] = {"class": "__main__:NB", "parameters": {}}
print(train_agent(spec, name="nb").run_dir)
"""


def test_a_notebook_class_trains_with_a_warning_and_its_run_says_why_it_cannot_be_evaluated(tmp_path):
    import sys

    write_spec(tmp_path / "run.yaml", make_spec(max_episodes=2, logdir=None))
    (tmp_path / "notebook.py").write_text(NOTEBOOK)
    trained = subprocess.run([sys.executable, "notebook.py"], cwd=tmp_path, capture_output=True, text=True,
                             timeout=300)
    assert trained.returncode == 0, trained.stderr
    advice = ("a class of a notebook or a script (__main__:NB) exists only in the process that defined it, not in "
              "gym-loop train --resume or gym-loop eval --run; put the class in a file and give it to them, e.g. "
              "--set agent.class=my_classes.py:NB")
    assert f"agent.class: the run cannot be resumed or evaluated by another process: {advice}" in trained.stderr
    evaluated = run_cli("-q", "eval", "--run", trained.stdout.strip(), cwd=tmp_path)
    assert evaluated.returncode == 2
    assert evaluated.stderr.strip() == f"Error: agent.class: __main__ has no class 'NB': {advice}"


def test_a_class_object_is_refused_with_the_forms_to_give(tmp_path):
    from test_errors_table import documented_rows

    from gym_loop.agents import BaseAgent
    from gym_loop.errors import SpecError
    from gym_loop.spec import run_spec

    class NB(BaseAgent):
        def act(self, state, episode_num):
            return 0

    NB.__module__, NB.__qualname__ = "__main__", "NB"  # as a notebook defines it
    spec = make_spec()
    spec["agent"] = {"class": NB, "parameters": {}}
    with pytest.raises(SpecError) as refused:
        run_spec(spec)
    [row] = [message for what, code, message in documented_rows() if what.startswith("a class object as")]
    assert str(refused.value) == row


def test_each_evaluate_from_python_is_a_tensorboard_run_of_its_own(tmp_path, monkeypatch):
    import gymnasium

    from conftest import read_scalars

    from gym_loop.agents.random_agent import RandomAgent
    from gym_loop.loops import DefaultLoop

    monkeypatch.chdir(tmp_path)
    env = gymnasium.make("CartPole-v1")
    agent = RandomAgent(observation_space=env.observation_space, action_space=env.action_space)
    loop = DefaultLoop(agent, env, max_episodes=1, eval_episodes=2, logdir=None)
    loop.evaluate()
    loop.evaluate()  # most often within the same second: numbered apart
    env.close()
    runs = sorted((tmp_path / "eval_logs").iterdir())
    assert len(runs) == 2 and all(run.name.startswith("agent-") for run in runs)
    assert [[step for step, _ in read_scalars(run)["episode/return"]] for run in runs] == [[0, 1], [0, 1]]
