"""fix12d1: a reader of standard output that is gone (| head -1, | true, a pager quit early) is no failure: the
command ends with its own exit status, whether or not the reader left before the last write (tester12d-12); a
sweep or tune with standard output closed says so before it runs anything."""

import os
import subprocess

import pytest

from conftest import GYM_LOOP, make_spec, write_spec

CLOSED = "Error: cannot write to standard output: it is closed; give the command one (> FILE)\n"


def gone_reader(tmp_path, *args):
    """``gym-loop ARGS`` whose standard output is a pipe no one reads any more: every write is EPIPE."""
    read, write = os.pipe()
    os.close(read)
    try:
        return subprocess.run([GYM_LOOP, *map(str, args)], cwd=tmp_path, stdout=write, stderr=subprocess.PIPE,
                              text=True, timeout=300)
    finally:
        os.close(write)


@pytest.fixture
def spec(tmp_path):
    return write_spec(tmp_path / "s.yaml", make_spec(max_episodes=1, episodes_per_eval=None))


@pytest.mark.parametrize("args", [("create-default",), ("runs", "ls", "sweeps"),
                                  ("sweep", "-c", "s.yaml", "--seeds", "0-1", "--name", "x")])
def test_a_reader_gone_before_the_first_write_is_no_failure(tmp_path, spec, args):
    if args[0] == "runs":
        assert gone_reader(tmp_path, "sweep", "-c", "s.yaml", "--seeds", "0", "--name", "y").returncode == 0
    result = gone_reader(tmp_path, *args)
    assert result.returncode == 0 and "Error" not in result.stderr and "Traceback" not in result.stderr, result.stderr


@pytest.mark.parametrize("command", ["sweep -c s.yaml --seeds 0 --name x", "tune -c s.yaml --space space.yaml "
                                     "--trials 1 --seeds 0 --name x"])
def test_a_sweep_or_tune_with_standard_output_closed_stops_before_it_runs(tmp_path, spec, command):
    (tmp_path / "space.yaml").write_text("loop.parameters.max_episodes: {int: [1, 2]}\n")
    result = subprocess.run(["bash", "-c", f"{GYM_LOOP} {command} >&-"], cwd=tmp_path, capture_output=True,
                            text=True, timeout=300)
    assert (result.returncode, result.stderr) == (1, CLOSED)
    assert not (tmp_path / "sweeps").exists() and not (tmp_path / "tunes").exists()
