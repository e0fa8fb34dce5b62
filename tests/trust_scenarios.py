"""Scenarios of the rows issue 16 added to docs/errors.rst; tests/test_errors_table.py runs them with the rest."""

from pathlib import Path

import yaml

from conftest import make_spec, run_cli

ALIAS_BOMB = "a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n" + "".join(
    f"{name}: &{name} [{', '.join([f'*{previous}'] * 9)}]\n" for previous, name in zip("abcdefghij", "bcdefghijk"))


def raw_spec(tmp_path: Path, text: str) -> list:
    (tmp_path / "run.yaml").write_text(text)
    return ["train", "-c", "run.yaml"]


def oversized_spec(tmp_path: Path) -> list:
    return raw_spec(tmp_path, "env: {name: CartPole-v1}\n" + "#" * 1_000_000 + "\n")


def trained_then(tmp_path: Path, damage, then: list) -> list:
    """Train a one-episode run, apply ``damage`` to its folder, then run ``then`` with the folder appended."""
    (tmp_path / "run.yaml").write_text(yaml.safe_dump(make_spec(max_episodes=1)))
    assert run_cli("train", "-c", "run.yaml", "--run-dir", "runs-kept/run-1", cwd=tmp_path).returncode == 0
    run = tmp_path / "runs-kept" / "run-1"  # not under runs/, which an exit code 2 must not leave behind
    damage(run)
    return [*then, run.relative_to(tmp_path)]


def cut_short(name: str, keep: int):
    def damage(run: Path) -> None:
        (run / name).write_text((run / name).read_text()[:keep])
    return damage


ODD_AGENT = """
import os
import signal
import sys
from gym_loop.agents import BaseAgent

class Agent(BaseAgent):
    ANY_PARAMETERS = True

    def act(self, state, episode_num):
        if self.parameters.get("odd") == "exit" and episode_num == 1:
            sys.exit(0)
        if self.parameters.get("odd") == "keyboard" and episode_num == 1:
            raise KeyboardInterrupt
        return 0

    def update(self, episode_num):
        if self.parameters.get("odd") == "ctrl-c in last episode" and episode_num == self.parameters["last"]:
            self.parameters["odd"] = None
            os.kill(os.getpid(), signal.SIGINT)

    def metrics(self, episode_num):
        if self.parameters.get("odd") == "many":
            return {f"metric/{number}": float(number) for number in range(20000)}
        return {"big": {"loss": 10 ** 400}, "list": [1.0], "name": {3: 1.0}}.get(self.parameters.get("odd"), {})

    def save(self, path):
        open(path, "w").close()
        if self.parameters.get("odd") == "ctrl-c after last episode":
            os.kill(os.getpid(), signal.SIGINT)

    def load(self, path):  # save writes an empty file: nothing to restore
        pass
"""


def odd_agent(tmp_path: Path, odd: str, max_episodes: int = 3) -> list:
    """Train ``ODD_AGENT`` doing ``odd``, checkpoints only at the end."""
    (tmp_path / "odd_agent.py").write_text(ODD_AGENT)
    spec = make_spec(max_episodes=max_episodes, episodes_per_checkpoint=None, max_episode_len=5)
    spec["agent"] = {"class": "odd_agent.py:Agent", "parameters": {"odd": odd, "last": max_episodes - 1}}
    (tmp_path / "run.yaml").write_text(yaml.safe_dump(spec))
    return ["train", "-c", "run.yaml"]


SCENARIOS = {
    "a YAML alias bomb": lambda p: raw_spec(p, ALIAS_BOMB),
    "YAML nested too deep": lambda p: raw_spec(p, "agent: " + "[" * 1000 + "]" * 1000 + "\n"),
    "an integer too long": lambda p: raw_spec(p, "seed: " + "9" * 5000 + "\n"),
    "a spec file too large": oversized_spec,
    "resuming a run whose spec.yaml is cut short": lambda p: trained_then(p, cut_short("spec.yaml", 500),
                                                                           ["train", "--resume"]),
    "resuming a run whose run.json is cut short": lambda p: trained_then(p, cut_short("run.json", 2),
                                                                          ["train", "--resume"]),
    "a path parameter outside the run folder": lambda p: raw_spec(p, yaml.safe_dump(make_spec())) + [
        "--set", "loop.parameters.episodes_csv=../victim.txt"],
    "a path parameter naming the run's own file": lambda p: raw_spec(p, yaml.safe_dump(make_spec())) + [
        "--set", "loop.parameters.episodes_csv=run.json"],
    "the agent calls sys.exit(0)": lambda p: odd_agent(p, "exit"),
    "the agent calls sys.exit(0) in an evaluation": lambda p: ["eval", *odd_agent(p, "exit")[1:]],
    "the agent raises KeyboardInterrupt": lambda p: odd_agent(p, "keyboard"),
    "a metric too large for a float": lambda p: odd_agent(p, "big"),
    "metrics() returns a list": lambda p: odd_agent(p, "list"),
    "a metric name that is not a string": lambda p: odd_agent(p, "name"),
    "a --set value refused": lambda p: raw_spec(p, "env: {name: CartPole-v1}\n") + [
        "--set", "loop.parameters.max_episodes=" + "9" * 200],
}

# Rows tested in their own files: with a real second process (tests/test_trust_lock.py), a real full
# or read-only file system (tests/test_trust_faults.py), run ids (tests/test_trust_paths.py).
TESTED_ELSEWHERE = {"resuming a run that another process trains or resumes", "disk full during training",
                    "a runs_dir on a read-only file system",
                    "resuming from another run's checkpoint",
                    "resuming from a checkpoint whose loop state is cut short"}
