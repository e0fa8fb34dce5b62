"""Scenarios of the docs/errors.rst rows added for tester5b's defects (tune, sweep, plot, aggregate);
tests/test_errors_table.py runs them with the rest."""

from pathlib import Path

import yaml

from conftest import make_spec, write_spec


def set_and_searched(tmp_path: Path, command: str) -> list:
    """A sweep (``--grid``) or a tune (``--space``) of agent.parameters.discount that --set sets too."""
    write_spec(tmp_path / "lake.yaml", make_spec("FrozenLake-v1", "gym_loop.agents.q_learning:QLearningAgent",
                                                 max_episodes=2, episodes_per_eval=2))
    given = ["-c", "lake.yaml", "--seeds", "0", "--set", "agent.parameters.discount=0.9"]
    if command == "sweep":
        return ["sweep", *given, "--grid", "agent.parameters.discount=[0.5,0.7]", "--dry-run"]
    (tmp_path / "space.yaml").write_text(yaml.safe_dump({"agent.parameters.discount": {"float": [0.5, 0.99]}}))
    return ["tune", *given, "--space", "space.yaml", "--trials", "1"]


# tests/test_tune_fix5d.py: a study made by a first tune
TESTED_ELSEWHERE = {"a new tune whose --storage already holds a study of its name (<run>: the storage)"}

SCENARIOS = {
    "a sweep key given with --set and on a --grid or --zip axis": lambda p: set_and_searched(p, "sweep"),
    "a tune key given with --set and in the space": lambda p: set_and_searched(p, "tune"),
    "plot or aggregate with --reps above 100000": lambda p: ["plot", ".", "--table", "--reps", "1000000000"],
    "plot of a PNG larger than 50 million pixels (--dpi, --width, --height)": lambda p: [
        "plot", ".", "--dpi", "100000", "-o", "big.png"],
}
