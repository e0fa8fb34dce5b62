"""fix8c: a sweep driver stops even when a run does not (tester8c-14)."""

import os
import signal
import subprocess
import sys
from pathlib import Path

from conftest import GYM_LOOP, make_spec, write_spec

LAKE = "gym_loop.agents.q_learning:QLearningAgent"


def _wait_for(stream, text: str) -> str:
    seen = []
    for line in stream:
        seen.append(line)
        if text in line:
            return "".join(seen)
    raise AssertionError(f"{text!r} never came: {''.join(seen)}")


def test_a_third_ctrl_c_kills_a_run_that_does_not_stop_and_the_driver_ends(tmp_path):
    spec = make_spec("FrozenLake-v1", LAKE, max_episodes=10 ** 7, episodes_per_checkpoint=50, logdir=None)
    write_spec(tmp_path / "sw.yaml", {**spec, "seed": 0})
    driver = subprocess.Popen([GYM_LOOP, "sweep", "-c", "sw.yaml", "--seeds", "0", "--name", "s"], cwd=tmp_path,
                              stderr=subprocess.PIPE, text=True, env={**os.environ, "OMP_NUM_THREADS": "1"})
    run = tmp_path / "sweeps" / "s" / "runs" / "base" / "seed-0"
    pid = None
    try:
        _wait_for(driver.stderr, "started")
        while not (run / "checkpoints" / "latest").exists():
            assert driver.poll() is None
        pid = int((run / ".lock").read_text().split()[1])
        os.kill(pid, signal.SIGSTOP)  # a run stuck where its signal handler never runs
        driver.send_signal(signal.SIGINT)
        _wait_for(driver.stderr, "they save a checkpoint and stop (send it again to stop them at once)")
        driver.send_signal(signal.SIGINT)
        _wait_for(driver.stderr, "stopping the running runs at once")
        driver.send_signal(signal.SIGINT)
        assert driver.wait(timeout=120) == 130  # before: it hung until the run was continued (SIGCONT)
        rest = driver.stderr.read()
    finally:
        if driver.poll() is None:
            driver.kill()
        if pid is not None:
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
    assert "killed 1 run(s) that did not stop (SIGKILL): base/seed-0; each resumes from its last checkpoint when the " \
           "sweep is continued" in rest
    assert "continue it with: gym-loop sweep" in rest.splitlines()[-1]
    assert '"status": "running"' in (run / "run.json").read_text()  # killed: died, resumed by the next sweep


def test_a_sweeps_damaged_or_deleted_manifest_or_spec_is_one_line_with_the_fix(tmp_path):  # tester8c-2
    import shutil

    spec = make_spec("FrozenLake-v1", LAKE, max_episodes=4, episodes_per_eval=4, episodes_per_checkpoint=4)
    write_spec(tmp_path / "sw.yaml", {**spec, "seed": 0})
    made = subprocess.run([GYM_LOOP, "-q", "sweep", "-c", "sw.yaml", "--seeds", "0", "--name", "s"], cwd=tmp_path,
                          capture_output=True, text=True)
    assert made.returncode == 0, made.stderr
    base = tmp_path / "sweeps" / "s"

    def damaged(edit):
        shutil.rmtree(tmp_path / "sweeps" / "c", ignore_errors=True)
        shutil.copytree(base, tmp_path / "sweeps" / "c")
        edit(tmp_path / "sweeps" / "c")
        result = subprocess.run([GYM_LOOP, "sweep", "sweeps/c"], cwd=tmp_path, capture_output=True, text=True)
        return result.returncode, result.stderr.splitlines()[-1]

    code, line = damaged(lambda sweep: (sweep / "manifest.json").write_text('{"format": 1, "spec'))
    assert code == 2 and line.startswith("Error: cannot read sweeps/c/manifest.json: ") and line.endswith(
        "; restore it from a copy of the sweep, or give a new --name for a new sweep")
    def run_to_start_and_spec_cut(sweep):  # new runs start from spec.yaml: it is read then
        shutil.rmtree(next((sweep / "runs").glob("*/seed-0")))
        (sweep / "spec.yaml").write_text("agent: [\n")
    code, line = damaged(run_to_start_and_spec_cut)
    assert code == 2 and line.startswith("Error: SWEEP_DIR: sweeps/c/spec.yaml:2:1: invalid YAML: ") and line.endswith(
        "; restore it (manifest.json's \"spec\" is the original), or start a new sweep: gym-loop sweep -c SPEC "
        "--name NEW ...")
    code, line = damaged(lambda sweep: (sweep / "spec.yaml").unlink())
    assert (code, line) == (2, "Error: SWEEP_DIR: sweeps/c/spec.yaml cannot be read (No such file or directory); "
                               "restore it (manifest.json's \"spec\" is the original), or start a new sweep: gym-loop "
                               "sweep -c SPEC --name NEW ...")


def test_a_sweep_killed_while_made_is_made_again_by_the_same_command(tmp_path):  # tester8c-18
    spec = make_spec("FrozenLake-v1", LAKE, max_episodes=4, episodes_per_eval=4, episodes_per_checkpoint=4)
    write_spec(tmp_path / "sw.yaml", {**spec, "seed": 0})
    command = [GYM_LOOP, "-q", "sweep", "-c", "sw.yaml", "--seeds", "0", "--name"]
    assert subprocess.run([*command, "s"], cwd=tmp_path, capture_output=True).returncode == 0
    half = tmp_path / "sweeps" / "k"  # what a kill after spec.yaml, before manifest.json, leaves
    (half / "runs").mkdir(parents=True)
    (half / "lock").touch()
    (half / "spec.yaml").write_bytes((tmp_path / "sweeps" / "s" / "spec.yaml").read_bytes())
    again = subprocess.run([*command, "k"], cwd=tmp_path, capture_output=True, text=True)
    assert again.returncode == 0, again.stderr
    assert (half / "manifest.json").is_file()
    (tmp_path / "sweeps" / "x" / "runs").mkdir(parents=True)  # another spec.yaml: someone else's folder
    (tmp_path / "sweeps" / "x" / "spec.yaml").write_text("seed: 1\n")
    refused = subprocess.run([*command, "x"], cwd=tmp_path, capture_output=True, text=True)
    assert refused.returncode == 2 and "is not empty and is not a sweep" in refused.stderr


SPACE = "agent.parameters.learning_rate: {float: [0.01, 1.0], log: true}\n"


def _tune(tmp_path, name):
    return subprocess.run([GYM_LOOP, "-q", "tune", "-c", "tu.yaml", "--space", "space.yaml", "--trials", "1",
                           "--seeds", "0", "--sampler-seed", "1", "--name", name], cwd=tmp_path, capture_output=True,
                          text=True)


def test_a_tune_killed_while_made_is_made_again_and_a_damaged_copy_is_named(tmp_path):  # tester8c-18, tester8c-3
    import shutil

    spec = make_spec("FrozenLake-v1", LAKE, max_episodes=4, episodes_per_eval=4, episodes_per_checkpoint=4)
    write_spec(tmp_path / "tu.yaml", {**spec, "seed": 0})
    (tmp_path / "space.yaml").write_text(SPACE)
    made = _tune(tmp_path, "t")
    assert made.returncode == 0, made.stderr
    half = tmp_path / "tunes" / "k"
    half.mkdir(parents=True)
    for name in ("spec.yaml", "space.yaml"):
        shutil.copyfile(tmp_path / "tunes" / "t" / name, half / name)
    (half / "tune.lock").touch()
    (half / ".tune.json.tmp").write_text("{")
    again = _tune(tmp_path, "k")
    assert again.returncode == 0, again.stderr
    spec_copy = tmp_path / "tunes" / "t" / "spec.yaml"
    spec_copy.write_text(spec_copy.read_text()[:40])
    damaged = _tune(tmp_path, "t")
    assert damaged.returncode == 2
    line = damaged.stderr.splitlines()[-1]
    assert line.startswith(f"Error: -c/--run-config and --set: this tune's copy {spec_copy} is damaged (") and \
        line.endswith("); restore it from a copy of the tune (or delete it: the same command then writes it again "
                      "from the file given), or give a new --name for a new tune")
    spec_copy.unlink()  # the advice
    assert _tune(tmp_path, "t").returncode == 0
