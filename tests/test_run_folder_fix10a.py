"""tester10a-6, -7: a spec error found once the run folder is made (when the loop starts) removes only what the
command made: an empty folder the user gave (``--run-dir``, even ``.``) is emptied and kept, and so are the parents
the user made (``runs_dir``, ``--run-dir``'s parent); the error is the spec's, exit 2."""

import pytest
import yaml
from conftest import make_spec, run_cli

from gym_loop.errors import SpecError
from gym_loop.gym_loop import train_agent

LATE = "loop.parameters.reward_threshold: Pendulum-v1 has no reward_threshold; give a number"


def _spec(tmp_path):
    return make_spec("Pendulum-v1", reward_threshold="env")  # refused once the env is made, with the loop


def test_an_empty_run_dir_given_is_emptied_and_kept(tmp_path):
    (tmp_path / "mine").mkdir()
    with pytest.raises(SpecError, match="has no reward_threshold"):
        train_agent(_spec(tmp_path), run_dir=tmp_path / "mine")
    assert (tmp_path / "mine").is_dir() and list((tmp_path / "mine").iterdir()) == []


def test_parents_made_by_the_user_stay_and_those_made_by_the_command_go(tmp_path):
    (tmp_path / "job7" / "out").mkdir(parents=True)
    with pytest.raises(SpecError):
        train_agent(_spec(tmp_path), run_dir=tmp_path / "job7" / "out" / "run")
    assert (tmp_path / "job7" / "out").is_dir() and list((tmp_path / "job7" / "out").iterdir()) == []
    with pytest.raises(SpecError):
        train_agent(_spec(tmp_path), run_dir=tmp_path / "new" / "deeper" / "run")
    assert not (tmp_path / "new").exists()  # all three made by the command
    (tmp_path / "myruns").mkdir()
    with pytest.raises(SpecError):
        train_agent({**_spec(tmp_path), "runs_dir": str(tmp_path / "myruns")})
    assert (tmp_path / "myruns").is_dir() and list((tmp_path / "myruns").iterdir()) == []
    with pytest.raises(SpecError):
        train_agent({**_spec(tmp_path), "runs_dir": str(tmp_path / "made" / "runs")})
    assert not (tmp_path / "made").exists()
    (tmp_path / "shared").mkdir()
    (tmp_path / "shared" / "other-run").mkdir()  # another run's, made meanwhile: the parent stays, as it is
    with pytest.raises(SpecError):
        train_agent({**_spec(tmp_path), "runs_dir": str(tmp_path / "shared")})
    assert [path.name for path in (tmp_path / "shared").iterdir()] == ["other-run"]


@pytest.mark.parametrize("run_dir", [".", "HERE"])
def test_run_dir_dot_or_the_working_directory_keeps_it_and_says_the_spec_error(tmp_path, run_dir):
    (tmp_path / "p.yaml").write_text(yaml.safe_dump(_spec(tmp_path)))
    here = tmp_path / "e"
    here.mkdir()
    ran = run_cli("train", "-c", "../p.yaml", "--run-dir", str(here) if run_dir == "HERE" else run_dir, cwd=here)
    assert (ran.returncode, ran.stderr.strip().splitlines()[-1]) == (2, f"Error: {LATE}"), ran.stderr
    assert here.is_dir() and list(here.iterdir()) == []
    assert "INFO: emptied" in ran.stderr or "INFO: run folder" not in ran.stderr
