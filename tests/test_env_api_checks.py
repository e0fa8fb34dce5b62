"""What a user sees when an env does not keep Gymnasium's API (tester4a #7)."""

import pytest

from conftest import only_run, run_cli
from fixg_scenarios import old_reset_env


def test_an_old_api_reset_is_refused_in_one_line_and_gymnasiums_warning_is_one_line(tmp_path):
    args = old_reset_env(tmp_path, disable=False)  # Gymnasium's env checker on, as gymnasium.make has it by default
    result = run_cli(*args, "--runs-dir", "runs", cwd=tmp_path)
    assert result.returncode == 1
    lines = [line for line in result.stderr.splitlines() if not line.startswith("INFO: ")]
    assert lines[-1] == ("Error: env.reset returned ndarray of shape (2,) at episode 0; Gymnasium's reset returns a "
                         "pair (obs, info) (an env written for the old gym API? make its reset return obs, {})")
    warning, = lines[:-1]  # the checker's warning: one line, no colour codes, no source line
    assert warning.startswith("WARNING: UserWarning: WARN: The result returned by `env.reset()` was not a tuple")
    assert "\x1b" not in result.stderr and "logger.warn(" not in result.stderr
    assert (only_run(tmp_path) / "episodes.csv").read_text().splitlines()[1:] == []  # no episode played


def test_debug_keeps_pythons_form_of_a_warning(tmp_path):
    args = old_reset_env(tmp_path, disable=False)
    result = run_cli("--debug", *args, cwd=tmp_path)
    assert "passive_env_checker.py" in result.stderr  # where the warning comes from, as Python shows it


@pytest.mark.parametrize("mode", ["sync", "async"])
def test_vector_loop_refuses_an_old_api_reset_with_default_loops_line(tmp_path, mode):
    args = old_reset_env(tmp_path)  # async: its close used to wait forever for the reset it had failed to take
    result = run_cli(*args, "--runs-dir", "runs", "--set", "loop.class=gym_loop.loops.vector_loop:VectorLoop",
                     "--set", "loop.parameters.num_envs=2", "--set", f"loop.parameters.vectorization_mode={mode}",
                     cwd=tmp_path)
    assert result.returncode == 1
    assert result.stderr.splitlines()[-1] == (
        "Error: env.reset returned ndarray of shape (2,) at episode 0; Gymnasium's reset returns a pair (obs, info) "
        "(an env written for the old gym API? make its reset return obs, {})")
    assert "Traceback" not in result.stderr and "while waiting for a pending call" not in result.stderr
