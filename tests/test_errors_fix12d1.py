"""fix12d1: the limits of the process's surroundings name their fix (tester12d-19): too many open files (ulimit -n),
a TMPDIR too long for a socket's path (async VectorLoop's forkserver, Ray)."""

import errno
import subprocess

import yaml

from conftest import GYM_LOOP, make_spec, write_spec
from gym_loop.errors import describe


def test_too_many_open_files_in_an_async_vector_loop_names_ulimit(tmp_path):
    spec = make_spec(max_episodes=2)
    spec["loop"] = {"class": "gym_loop.loops.vector_loop:VectorLoop",
                    "parameters": {**spec["loop"]["parameters"], "vectorization_mode": "async", "num_envs": 4}}
    write_spec(tmp_path / "v.yaml", spec)
    result = subprocess.run(["bash", "-c", f"ulimit -n 24; {GYM_LOOP} train -c v.yaml --run-dir r"], cwd=tmp_path,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 1, result.stderr
    assert result.stderr.splitlines()[-1] == (
        "Error: env CartPole-v1: gymnasium.make_vec failed (async): OSError: Too many open files; this process "
        "reached its limit of open files (ulimit -n): raise it (ulimit -n 4096) or open fewer at once (a smaller "
        "loop.parameters.num_envs, fewer --jobs) (--debug shows the traceback)"), result.stderr
    assert yaml.safe_load((tmp_path / "r" / "run.json").read_text())["status"] == "failed"


def test_a_socket_path_too_long_names_tmpdir():
    advice = ("the temporary folder's path is too long for the sockets made in it: set TMPDIR to a short folder, e.g. "
              "TMPDIR=/tmp (and RAY_TMPDIR, if set)")
    assert describe(OSError("AF_UNIX path too long")) == f"AF_UNIX path too long; {advice}"  # multiprocessing's
    ray = OSError("validate_socket_filename failed: AF_UNIX path length cannot exceed 107 bytes: /t/x/ray/s")
    assert describe(ray).endswith(f"/t/x/ray/s; {advice}")
    assert describe(OSError(errno.EMFILE, "Too many open files")).startswith("Too many open files; this process ")
