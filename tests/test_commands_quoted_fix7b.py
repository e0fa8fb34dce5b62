"""tester7c-6: the commands messages give to paste quote their paths as the shell needs (a space in a spec's name
becomes a space in its run folder's name)."""

import errno
import os
import subprocess
from pathlib import Path

import click

from conftest import GYM_LOOP, make_spec, run_cli, run_folders, write_spec
from gym_loop.cli import main
from gym_loop.errors import quoted, run_failure


def test_quoted_leaves_a_plain_path_as_it_is():
    assert quoted(Path("runs/run-20260101-120000")) == "runs/run-20260101-120000"
    assert quoted(Path("runs/a b-1")) == "'runs/a b-1'"
    assert quoted("it's") == "'it'\"'\"'s'"


def test_the_advice_after_a_failed_write_quotes_the_run():
    full = OSError(errno.ENOSPC, "No space left on device", "runs/a b-1/episodes.csv")
    with click.Context(main):  # inside gym-loop's own command: the command line's advice (fix7f)
        assert str(run_failure(full, Path("runs/a b-1"))).endswith("resume with: gym-loop train --resume 'runs/a b-1'")
        assert "start again with: gym-loop train -c 'runs/a b-1/spec.yaml' (it saved" in str(
            run_failure(full, Path("runs/a b-1"), resumable=False))


def test_a_printed_command_runs_when_pasted_into_a_shell(tmp_path):
    write_spec(tmp_path / "a b.yaml", make_spec(max_episodes=1, episodes_per_eval=None))
    trained = run_cli("train", "-c", "a b.yaml", cwd=tmp_path)
    [run] = run_folders(tmp_path)
    assert f"to see them: tensorboard --logdir 'runs/{run.name}/logs'" in trained.stderr
    again = run_cli("train", "--resume", f"runs/{run.name}", cwd=tmp_path)
    assert again.returncode == 1
    command = again.stderr.strip().split("to train longer: ")[1]
    assert command == f"gym-loop train --resume 'runs/{run.name}' --set loop.parameters.max_episodes=N"
    pasted = subprocess.run(["bash", "-c", command.replace("=N", "=2")], cwd=tmp_path, capture_output=True, text=True,
                            env={**os.environ, "PATH": f"{Path(GYM_LOOP).parent}{os.pathsep}{os.environ['PATH']}"},
                            timeout=300)
    assert pasted.returncode == 0, pasted.stderr
