"""tune --storage sqlite:///relative.db: recorded as an absolute file, so the tune continues from any directory;
the same file spelled otherwise is the same storage; a refusal makes no empty database (tester9g-7)."""

import json

import pytest

from conftest import run_cli
from test_tune import SPACE, frozen_lake, write_space

pytest.importorskip("optuna")


def test_relative_sqlite_continued_from_elsewhere(tmp_path):
    here, elsewhere = tmp_path / "here", tmp_path / "elsewhere"
    here.mkdir(), elsewhere.mkdir()
    spec, space = frozen_lake(here, max_episodes=4, episodes_per_eval=2), write_space(here, SPACE)
    first = run_cli("tune", "-c", spec, "--space", space, "--trials", 1, "--seeds", 0, "--name", "sq",
                    "--storage", "sqlite:///x.db", "-q", cwd=here)
    assert first.returncode == 0, first.stderr
    settings = json.loads((here / "tunes" / "sq" / "tune.json").read_text())
    assert settings["storage"] == f"sqlite:///{here / 'x.db'}"
    for storage in ("sqlite:///./x.db", f"sqlite:///{here / 'x.db'}"):  # the same file: accepted
        again = run_cli("tune", "-c", spec, "--space", space, "--trials", 1, "--seeds", 0, "--name", "sq",
                        "--storage", storage, "-q", cwd=here)
        assert again.returncode == 0, again.stderr
    later = run_cli("tune", "-c", spec, "--space", space, "--trials", 2, "--seeds", 0, "--name", "sq",
                    "--tunes-dir", here / "tunes", "-q", cwd=elsewhere)
    assert later.returncode == 0, later.stderr
    assert not (elsewhere / "x.db").exists()


def test_lost_sqlite_refused_without_making_a_database(tmp_path):
    spec, space = frozen_lake(tmp_path, max_episodes=4, episodes_per_eval=2), write_space(tmp_path, SPACE)
    args = ("tune", "-c", spec, "--space", space, "--trials", 1, "--seeds", 0, "--name", "sq", "-q")
    assert run_cli(*args, "--storage", "sqlite:///x.db", cwd=tmp_path).returncode == 0
    (tmp_path / "x.db").rename(tmp_path / "moved.db")
    result = run_cli(*args, cwd=tmp_path)
    assert result.returncode == 2 and "(no such file), where its trials ran" in result.stderr, result.stderr
    assert not (tmp_path / "x.db").exists()
    other = run_cli(*args, "--storage", "sqlite:///other.db", cwd=tmp_path)
    assert other.returncode == 2 and "this tune's study is in sqlite:///" in other.stderr, other.stderr
    assert not (tmp_path / "other.db").exists()
