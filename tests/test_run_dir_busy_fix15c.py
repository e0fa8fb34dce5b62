"""tester15c-2: ``train --run-dir X`` of a run another process trains advised ``train --resume X`` (exit 2), which
was then refused (exit 3). Now it is refused as that resume is: in use by whom, exit 3."""

import fcntl
import socket

from conftest import make_spec, run_cli, write_spec


def test_run_dir_of_a_run_in_use_is_exit_3_naming_its_process(tmp_path):
    write_spec(tmp_path / "run.yaml", make_spec(max_episodes=1))
    done = run_cli("-q", "train", "-c", "run.yaml", "--run-dir", "busy", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    with open(tmp_path / "busy" / ".lock", "a") as lock:  # another process trains it
        fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        lock.write(f"pid 4242 on {socket.gethostname()}\n")
        lock.flush()
        busy = run_cli("train", "-c", "run.yaml", "--run-dir", "busy", cwd=tmp_path)
    assert busy.returncode == 3, busy.stderr
    assert busy.stderr.splitlines() == [f"Error: run folder busy is in use by pid 4242 on {socket.gethostname()}; "
                                        "wait for it to end or stop it first"]
    free = run_cli("train", "-c", "run.yaml", "--run-dir", "busy", cwd=tmp_path)  # once it ended: resume it
    assert free.returncode == 2 and "continue it with: gym-loop train --resume busy" in free.stderr, free.stderr
