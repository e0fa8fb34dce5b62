"""An agent that defines save() but not load(), or the reverse, is warned about when its spec is checked, and a
checkpoint its own save wrote that the default load cannot read says to define load (tester4a #6)."""

import pytest

from conftest import run_cli

AGENTS = """
import pickle

from gym_loop.agents import BaseAgent
from gym_loop.agents.random_agent import RandomAgent


class Counter(BaseAgent):
    def __init__(self, **params):
        super().__init__(**params)
        self.n = 0

    def act(self, state, episode_num):
        return 0

    def update(self, episode_num):
        self.n += 1


class SaveOnly(Counter):
    def save(self, path):
        with open(path, "wb") as file:
            pickle.dump(self.n, file)


class PlainSaveOnly:  # not a BaseAgent: gym-loop's stand-in load is the default one
    def __init__(self, action_space=None):
        self.n = 0

    def act(self, state, episode_num):
        return 0

    def save(self, path):
        with open(path, "wb") as file:
            pickle.dump(self.n, file)


class LoadOnly(Counter):
    def load(self, path):
        pass


class Both(SaveOnly):
    def load(self, path):
        with open(path, "rb") as file:
            self.n = pickle.load(file)


class RandomSaveOnly(RandomAgent):  # RandomAgent's load reads only what RandomAgent's save writes
    def save(self, path):
        with open(path, "wb") as file:
            pickle.dump(self.global_step, file)


class RandomActs(RandomAgent):  # save and load both RandomAgent's: nothing to warn about
    def act(self, state, episode_num):
        return 0


class SaveAndLog(Counter):  # its save keeps the default format: nothing to warn about
    def save(self, path):
        super().save(path)
        self.saved = True
"""

WARNINGS = {
    "SaveOnly": "WARNING: agent.class: SaveOnly defines save() but not load(); the default load reads only what the "
                "default save writes, so its checkpoints could not be resumed or evaluated: define load(path) "
                "matching save(path)",
    "PlainSaveOnly": "WARNING: agent.class: PlainSaveOnly defines save() but not load(); the default load reads only "
                     "what the default save writes, so its checkpoints could not be resumed or evaluated: define "
                     "load(path) matching save(path)",
    "RandomSaveOnly": "WARNING: agent.class: RandomSaveOnly defines save() but not load(); RandomAgent's load reads "
                      "only what RandomAgent's save writes, so its checkpoints could not be resumed or evaluated: "
                      "define load(path) matching save(path)",
    "LoadOnly": "WARNING: agent.class: LoadOnly defines load() but not save(); the default save writes its "
                "checkpoints, in a format its load may not read (a resume could restore nothing): define save(path) "
                "matching load(path)",
}


def _train(tmp_path, agent: str):
    (tmp_path / "agents.py").write_text(AGENTS)
    return run_cli("train", "-c", "run.yaml", "--run-dir", "run", "--seed", "1",
                   "--set", f"agent.class=agents.py:{agent}", cwd=_spec(tmp_path))


def _spec(tmp_path):
    (tmp_path / "run.yaml").write_text("agent: {class: agents.py:Counter}\nenv: {name: CartPole-v1}\n"
                                       "loop: {parameters: {max_episodes: 2, episodes_per_checkpoint: 1}}\n")
    return tmp_path


@pytest.mark.parametrize("agent", sorted(WARNINGS))
def test_an_agent_defining_only_one_of_save_and_load_is_warned_about_when_it_trains(tmp_path, agent):
    trained = _train(tmp_path, agent)
    assert trained.returncode == 0, trained.stderr
    assert trained.stderr.splitlines().count(WARNINGS[agent]) == 1, trained.stderr


@pytest.mark.parametrize("agent", ["SaveOnly", "PlainSaveOnly", "RandomSaveOnly"])
def test_resuming_a_checkpoint_of_its_own_save_says_to_define_load(tmp_path, agent):
    assert _train(tmp_path, agent).returncode == 0
    for command in (["train", "--resume", "run", "--set", "loop.parameters.max_episodes=3"], ["eval", "--run", "run"]):
        failed = run_cli(*command, cwd=tmp_path)
        assert failed.returncode == 1
        assert failed.stderr.splitlines()[-1] == (
            f"Error: run/checkpoints/agent-000002/agent.ckpt holds a pickled int, not a dict of attributes; {agent} "
            "defines save(path) but not load(path): define load(path) matching save(path)")


@pytest.mark.parametrize("agent", ["Counter", "Both", "SaveAndLog", "RandomActs"])
def test_an_agent_with_both_or_neither_or_a_save_calling_super_is_not_warned_about(tmp_path, agent):
    trained = _train(tmp_path, agent)
    assert trained.returncode == 0 and "WARNING" not in trained.stderr, trained.stderr
    resumed = run_cli("train", "--resume", "run", "--set", "loop.parameters.max_episodes=3", cwd=tmp_path)
    assert resumed.returncode == 0 and "WARNING" not in resumed.stderr, resumed.stderr
