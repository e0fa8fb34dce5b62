"""A continued tune whose tune.json records a storage that does not hold its study (crafted, or merely foreign)
is refused before Optuna opens it for writing: a sqlite database of the user's gets no tables (tester14d-19)."""

import json
import sqlite3

import pytest

from conftest import run_cli

pytest.importorskip("optuna")

SPEC = ("agent: {class: gym_loop.agents.q_learning:QLearningAgent}\nenv: {name: FrozenLake-v1}\n"
        "loop: {parameters: {max_episodes: 4, episodes_per_eval: 4, eval_episodes: 2, reward_threshold: null}}\n")


def test_a_recorded_database_without_the_study_is_not_written(tmp_path):
    (tmp_path / "lake.yaml").write_text(SPEC)
    (tmp_path / "space.yaml").write_text("agent.parameters.learning_rate: {float: [0.01, 1.0], log: true}\n")
    args = ["tune", "-c", "lake.yaml", "--space", "space.yaml", "--seeds", "0"]
    assert run_cli("-q", *args, "--trials", "1", cwd=tmp_path).returncode == 0
    mine = tmp_path / "mine.db"
    with sqlite3.connect(mine) as db:
        db.execute("create table notes(x text)")
    settings = tmp_path / "tunes" / "lake" / "tune.json"
    settings.write_text(json.dumps({**json.loads(settings.read_text()), "storage": f"sqlite:///{mine}"}))
    result = run_cli(*args, "--trials", "2", cwd=tmp_path)
    assert result.returncode == 2, result.stderr
    assert f"this tune's study 'lake' is not in sqlite:///{mine}, where its trials ran" in result.stderr, \
        result.stderr
    with sqlite3.connect(mine) as db:
        assert [row[0] for row in db.execute("select name from sqlite_master")] == ["notes"]
