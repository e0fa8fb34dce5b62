"""tester6b's resume and checkpoint defects (docs/runs.rst, docs/errors.rst): damaged or missing checkpoints,
files of the run record, and a changed eval_episodes, each told in one line with what to do."""

import shutil

import pytest

from conftest import make_spec, run_cli, write_spec

LAKE = "gym_loop.agents.q_learning:QLearningAgent"
MORE = ("--set", "loop.parameters.max_episodes=12")  # a finished run of 6 episodes trains on


@pytest.fixture(scope="module")
def trained(tmp_path_factory):
    """A FrozenLake run of 6 episodes: checkpoints agent-2, -4, -6 (latest), evaluations after 3 and 6."""
    folder = tmp_path_factory.mktemp("trained")
    write_spec(folder / "lake.yaml", make_spec("FrozenLake-v1", LAKE, max_episodes=6, episodes_per_checkpoint=2,
                                               episodes_per_eval=3, keep_checkpoints=None))
    result = run_cli("train", "-c", "lake.yaml", "--run-dir", "run", "-q", cwd=folder)
    assert result.returncode == 0, result.stderr
    return folder / "run"


@pytest.fixture
def run(trained, tmp_path):
    """A copy of the trained run in ``tmp_path/run``; commands run in ``tmp_path``."""
    shutil.copytree(trained, tmp_path / "run")
    return tmp_path / "run"


def error_line(result):
    """The one line a failed command printed (no traceback)."""
    lines = [line for line in result.stderr.splitlines() if not line.startswith("INFO: ")]
    assert len(lines) == 1 and "Traceback" not in result.stderr, result.stderr
    return lines[0]


@pytest.mark.parametrize("missing, kept", [("run.json", "spec.yaml"), ("spec.yaml", "run.json")])
def test_resume_of_a_run_folder_missing_one_file_names_it(run, missing, kept):
    (run / missing).unlink()
    result = run_cli("train", "--resume", "run", *MORE, cwd=run.parent)
    assert result.returncode == 2
    line = error_line(result)
    assert f"run has no {missing} (deleted?); restore it from a copy of the run" in line
    assert kept not in line and "is not a run folder" not in line
