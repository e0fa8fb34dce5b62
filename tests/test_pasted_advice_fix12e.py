"""Advice in a message, pasted as it is into a shell, works (tester12e): paths with a space or a quote in the
commands it gives are quoted for the shell."""

import os
import shutil
import subprocess
from pathlib import Path

from conftest import GYM_LOOP, make_spec, run_cli, write_spec

SHELL_ENV = {**os.environ, "PATH": f"{os.path.dirname(GYM_LOOP)}:{os.environ['PATH']}"}


def paste(command: str, cwd: Path) -> subprocess.CompletedProcess:
    """``command`` as a user pastes it into bash in ``cwd``."""
    return subprocess.run(["bash", "-c", command], cwd=cwd, capture_output=True, text=True, env=SHELL_ENV,
                          timeout=300)


def test_a_class_file_found_from_the_specs_folder_with_a_quote_in_its_path_can_be_pasted(tmp_path):
    """tester12e-5: the --set and the folder to run from are quoted."""
    there = tmp_path / "it's a dir"
    shutil.copytree(Path(__file__).parent.parent / "examples", there / "examples")
    (tmp_path / "fx").mkdir()
    result = run_cli("train", "-q", "-c", "../it's a dir/examples/hill_climbing.yaml", cwd=tmp_path / "fx")
    assert result.returncode == 2
    assert result.stderr.strip().splitlines()[-1] == (
        "Error: agent.class: no such file: examples/hill_climbing.py from the working directory, but ../it's a "
        "dir/examples/hill_climbing.py is; run from '../it'\"'\"'s a dir' (a class's file path is taken from the "
        "working directory), or give that path: --set 'agent.class=../it'\"'\"'s a "
        "dir/examples/hill_climbing.py:HillClimbingAgent'")
    setting = result.stderr.split("give that path: ")[1].strip()
    folder = result.stderr.split("run from ")[1].split(" (a class's")[0]
    short = "--set loop.parameters.max_episodes=1 --set loop.parameters.eval_episodes=1"
    pasted = paste(f"gym-loop train -q -c \"../it's a dir/examples/hill_climbing.yaml\" {setting} {short} "
                   "--run-dir r1", cwd=tmp_path / "fx")
    assert pasted.returncode == 0, pasted.stderr
    pasted = paste(f"cd {folder} && gym-loop train -q -c examples/hill_climbing.yaml {short} --run-dir r2",
                   cwd=tmp_path / "fx")
    assert pasted.returncode == 0, pasted.stderr


def test_the_lock_folder_and_the_empty_spec_commands_can_be_pasted_with_a_space_in_the_path(tmp_path):
    """tester12e-6: ``rm -r <run>/.lock`` and ``create-default -c <spec>`` quote their paths."""
    write_spec(tmp_path / "my run.yaml", make_spec(max_episodes=1))
    assert run_cli("train", "-q", "-c", "my run.yaml", "--run-dir", "runs/my run", cwd=tmp_path).returncode == 0
    (tmp_path / "runs/my run/.lock").unlink()
    (tmp_path / "runs/my run/.lock").mkdir()
    (tmp_path / "runs/my").mkdir()  # what an unquoted rm -r would remove
    resumed = run_cli("train", "-q", "--resume", "runs/my run", "-s", "loop.parameters.max_episodes=2",
                      cwd=tmp_path)
    assert resumed.returncode == 1
    assert "remove it (rm -r 'runs/my run/.lock'): it is made again" in resumed.stderr, resumed.stderr
    assert paste(resumed.stderr.split("remove it (")[1].split("): it is")[0], cwd=tmp_path).returncode == 0
    assert (tmp_path / "runs/my").is_dir()
    resumed = run_cli("train", "-q", "--resume", "runs/my run", "-s", "loop.parameters.max_episodes=2",
                      cwd=tmp_path)
    assert resumed.returncode == 0, resumed.stderr

    (tmp_path / "empty spec.yaml").write_text("")
    empty = run_cli("train", "-c", "empty spec.yaml", cwd=tmp_path)
    assert empty.stderr.strip().splitlines()[-1] == (
        "Error: empty spec.yaml is empty; write a spec with: gym-loop create-default -c 'empty spec.yaml'")
    assert paste(empty.stderr.split("write a spec with: ")[1].strip(), cwd=tmp_path).returncode == 0
    assert "agent:" in (tmp_path / "empty spec.yaml").read_text()
