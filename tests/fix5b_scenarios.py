"""Scenarios of the docs/errors.rst rows added for tester5a's defects 2, 3, 4, 5, 11 and 12;
tests/test_errors_table.py runs them with the rest."""

from pathlib import Path

from conftest import make_spec, write_spec

FULL_AGENT = """
import errno
import os
from gym_loop.agents import BaseAgent


class Full(BaseAgent):
    \"\"\"Keeps its replay on another disk, which is full at episode 1.\"\"\"

    def act(self, state, episode_num):
        return 0

    def update(self, episode_num):
        if episode_num == 1:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), "/mnt/scratch/replay.npy")
"""


def agent_disk_full(tmp_path: Path) -> list:
    """A run whose agent's own write fails with a full disk (its file named) before the first checkpoint."""
    (tmp_path / "full_agent.py").write_text(FULL_AGENT)
    spec = make_spec(max_episodes=3, episodes_per_checkpoint=None)
    spec["agent"] = {"class": "full_agent.py:Full", "parameters": {}}
    write_spec(tmp_path / "run.yaml", spec)
    return ["train", "-c", "run.yaml"]


def main_class(tmp_path: Path) -> list:
    """A spec naming a class of ``__main__``, as a notebook's run records it, read by the CLI."""
    spec = make_spec()
    spec["agent"] = {"class": "__main__:NB", "parameters": {}}
    write_spec(tmp_path / "run.yaml", spec)
    return ["train", "-c", "run.yaml"]


TESTED_ELSEWHERE = {"a class object as a spec's agent.class (from Python; test_fix5b.py)"}

SCENARIOS = {
    "the env's or the agent's own code cannot write a file (a full disk, ulimit -f)": agent_disk_full,
    "a class of a notebook or a script (__main__:NB) read by another process": main_class,
}
