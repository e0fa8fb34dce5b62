"""Scenarios of the docs/errors.rst rows for gym-loop tune's faults (tester4b); tests/test_errors_table.py runs
them with the rest, tests/test_tune_fixes.py tests more of each."""

from pathlib import Path

import yaml

from conftest import make_spec, write_spec


def tune_args(tmp_path: Path, *extra: str) -> list:
    """``gym-loop tune`` of a one-episode CartPole spec that evaluates, over its evaluation episodes."""
    write_spec(tmp_path / "run.yaml", make_spec(max_episodes=1, episodes_per_eval=1, eval_episodes=1))
    (tmp_path / "space.yaml").write_text(yaml.safe_dump({"loop.parameters.eval_episodes": {"int": [1, 2]}}))
    return ["tune", "-c", "run.yaml", "--space", "space.yaml", "--trials", "1", "--seeds", "0", *extra]


def garbage_journal(tmp_path: Path) -> list:
    (tmp_path / "bad.log").write_text("garbage\n")
    return tune_args(tmp_path, "--storage", "bad.log")


SCENARIOS = {
    "a tune --storage file that is not an Optuna journal (<run>: its path)": garbage_journal,
}
# test_tune_fixes.py: a tune.json as an older gym-loop wrote it, in a renamed tune folder
# test_tune_fixes.py: a line appended to a tune's own journal.log (a --storage file that is no journal at all is
# refused before it is opened)
TESTED_ELSEWHERE = {"an older tune folder, renamed, whose journal holds other studies (<run>: its files)",
                    "a tune journal line that is not an Optuna record (<run>: its path)"}
