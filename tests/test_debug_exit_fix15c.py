"""tester15c-3: ``--debug`` (or ``GYM_LOOP_DEBUG=1``) changed every exit status to 1: a spec error's 2, a locked
run's 3, a signal's 130/143, in a sweep's runs too (their driver then started every run of a refused config). Now the
traceback comes first, then the same line and exit status as without."""

import fcntl

import pytest

from conftest import make_spec, run_cli, write_spec


@pytest.mark.parametrize("debug", [("--debug",), ()], ids=["flag", "environment"])
def test_debug_keeps_the_exit_status_of_a_spec_error_and_of_a_locked_run(tmp_path, debug):
    write_spec(tmp_path / "run.yaml", make_spec(max_episodes=1))
    env = {"GYM_LOOP_DEBUG": "1"} if not debug else None
    refused = run_cli(*debug, "train", "-c", "run.yaml", "--set", "loop.parameters.max_episodes=-1", cwd=tmp_path,
                      env=env)
    assert refused.returncode == 2, refused.stderr
    assert "Traceback (most recent call last)" in refused.stderr
    assert refused.stderr.splitlines()[-1] == ("Error: loop.parameters.max_episodes: expected a positive integer, "
                                               "got -1")
    done = run_cli("-q", "train", "-c", "run.yaml", "--run-dir", "run", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    with open(tmp_path / "run" / ".lock", "a") as lock:  # another process trains it
        fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        locked = run_cli(*debug, "train", "--resume", "run", cwd=tmp_path, env=env)
    assert locked.returncode == 3, locked.stderr
    assert "Traceback (most recent call last)" in locked.stderr
    assert locked.stderr.splitlines()[-1].startswith("Error: run folder run is in use by ")
    assert "--debug shows" not in locked.stderr.splitlines()[-1]
