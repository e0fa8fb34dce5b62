"""tester12b-6: on a read-only file system, a command that continues a folder (train --resume RUN, sweep SWEEP_DIR),
which refuses --runs-dir and --sweeps-dir, says to copy the folder to a writable place and continue the copy."""

import errno
import subprocess
from pathlib import Path

import click
import pytest
from conftest import make_spec, run_cli, write_spec
from test_trust_faults import remount, tmpfs

from gym_loop.cli import CommandFailed, main, run_domain


def _read_only(name):
    raise OSError(errno.EROFS, "Read-only file system", name)


@pytest.mark.parametrize("command, parameter, advice", [
    ("train", "resume", "copy the run there and resume the copy: mkdir -p DIR && cp -r 'ro/a b' 'DIR/a b' && "
                        "gym-loop train --resume 'DIR/a b'"),
    ("sweep", "sweep_dir", "copy the sweep there and continue the copy: mkdir -p DIR && cp -r 'ro/a b' 'DIR/a b' && "
                           "gym-loop sweep 'DIR/a b'"),
])
def test_read_only_while_continuing_a_folder_says_to_copy_it(command, parameter, advice):
    ctx = click.Context(main.commands[command], info_name=command)
    ctx.params[parameter] = Path("ro/a b")
    with pytest.raises(CommandFailed) as error:
        run_domain(ctx, _read_only, "ro/a b/.lock")
    assert error.value.message == ("Read-only file system: ro/a b/.lock; the file system is read-only: choose a "
                                   f"writable place, {advice} (--debug shows the traceback)")


def test_train_resume_of_a_run_on_a_read_only_file_system_then_its_copy_resumes(tmp_path):
    write_spec(tmp_path / "run.yaml", make_spec(max_episodes=1))
    with tmpfs(tmp_path / "ro", size="2m") as read_only:
        assert run_cli("train", "-q", "-c", "run.yaml", "--run-dir", "ro/run", cwd=tmp_path).returncode == 0
        remount(read_only, "ro")
        result = run_cli("train", "-q", "--resume", "ro/run", "-s", "loop.parameters.max_episodes=2", cwd=tmp_path)
        assert result.returncode == 1
        assert result.stderr.splitlines()[-1].endswith(
            "the file system is read-only: choose a writable place, copy the run there and resume the copy: "
            "mkdir -p DIR && cp -r ro/run DIR/run && gym-loop train --resume DIR/run (--debug shows the traceback)"
        ), result.stderr
        # the advice as pasted, DIR a folder that does not exist yet (the usual writable place)
        copy = result.stderr.split("resume the copy: ")[1].split(" && gym-loop")[0].replace("DIR", "w/new")
        assert subprocess.run(["bash", "-c", copy], cwd=tmp_path).returncode == 0
    resumed = run_cli("train", "-q", "--resume", "w/new/run", "-s", "loop.parameters.max_episodes=2", cwd=tmp_path)
    assert resumed.returncode == 0, resumed.stderr
