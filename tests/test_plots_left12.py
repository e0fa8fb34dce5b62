"""note14's leftovers in plot: one run whose episodes.csv cannot be read stopped the plot of a whole folder."""

import os
import subprocess
from pathlib import Path

from conftest import GYM_LOOP, make_spec, run_cli, write_spec

RANDOM = "gym_loop.agents.random_agent:RandomAgent"
NO_OVERRIDE = ["setpriv", "--inh-caps=-dac_override,-dac_read_search,-fowner",
               "--bounding-set=-dac_override,-dac_read_search,-fowner"]


def as_user(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    """``gym-loop ARGS`` as a user that file permissions bind (root without its override capabilities)."""
    prefix = NO_OVERRIDE if os.geteuid() == 0 else []
    return subprocess.run([*prefix, GYM_LOOP, *map(str, args)], cwd=cwd, capture_output=True, text=True, timeout=300)


def two_runs(tmp_path: Path) -> list:
    write_spec(tmp_path / "s.yaml", make_spec(agent=RANDOM, max_episodes=2))
    for _ in range(2):
        done = run_cli("-q", "train", "-c", "s.yaml", "--runs-dir", "UR", cwd=tmp_path)
        assert done.returncode == 0, done.stderr
    return sorted((tmp_path / "UR").resolve().iterdir())


def test_a_run_whose_episodes_csv_cannot_be_read_is_left_out_of_a_folders_plot(tmp_path):
    """note14 (fix11c1's leftover): runs ls and aggregate leave such a run out; plot stopped with its error."""
    other, mine = two_runs(tmp_path)
    episodes = other / "episodes.csv"
    episodes.chmod(0)
    try:
        denied = as_user("plot", "UR", "-o", "d.png", cwd=tmp_path)
    finally:
        episodes.chmod(0o644)
    assert denied.returncode == 0, denied.stderr
    assert (f"WARNING: {other} is left out: {episodes} cannot be read (permission denied); fix its permissions "
            f"(chmod a+r {episodes}) or ask its owner") in denied.stderr.splitlines()
    assert "INFO: 1 runs in 1 configs" in denied.stderr.splitlines()
    episodes.write_bytes(b"episode,steps,return\n\xff\xfe1,2,3\n")  # damaged: not UTF-8 (a traceback before)
    damaged = run_cli("plot", "UR", "-o", "g.png", cwd=tmp_path)
    assert damaged.returncode == 0, damaged.stderr
    assert (f"WARNING: {other} is left out: {episodes} cannot be read (UnicodeDecodeError: 'utf-8' codec can't decode "
            "byte 0xff in position 21: invalid start byte); restore it from a copy of the run") \
        in damaged.stderr.splitlines()
    assert "INFO: 1 runs in 1 configs" in damaged.stderr.splitlines()
    alone = run_cli("plot", str(other), "-o", "a.png", cwd=tmp_path)  # nothing else to draw: the error itself
    assert alone.returncode == 1 and alone.stderr.splitlines()[-1].startswith(f"Error: {episodes} cannot be read ("), \
        alone.stderr
