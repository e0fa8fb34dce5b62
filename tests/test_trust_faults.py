"""Every fault is one line, an exit code and a truthful run.json (issue 16, point 4).

A full disk and a read-only file system are real: a small tmpfs mounted for the test (as root),
skipped where mounting is not allowed.
"""

import contextlib
import csv
import errno
import json
import re
import subprocess
from pathlib import Path

import pytest

from conftest import make_spec, only_run, run_cli, write_spec
from test_errors_table import documented_rows, matches

from gym_loop.run_folder import RunFolder


@contextlib.contextmanager
def tmpfs(path, size="400k"):
    """A fresh tmpfs of ``size`` at ``path``, or a skip where this machine does not allow mounting."""
    path.mkdir()
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(path)],
                             capture_output=True)
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {mounted.stderr.decode().strip()}")
    try:
        yield path
    finally:
        subprocess.run(["umount", "-l", str(path)], check=True)


def remount(path, options):
    subprocess.run(["mount", "-o", f"remount,{options}", str(path)], check=True)


def fill(path):
    """Write ``path`` until its disk is full."""
    with pytest.raises(OSError) as full, path.open("wb", buffering=0) as filler:
        while True:
            filler.write(b"x" * 1024)
    assert full.value.errno == errno.ENOSPC


def documented(what, **words):
    (message,) = [message for row, _, message in documented_rows() if row == what]
    for name, value in words.items():
        message = message.replace(f"<{name}>", value)
    return message


def episodes(run):
    with (run / "episodes.csv").open(newline="") as file:
        return [int(row["episode"]) for row in csv.DictReader(file)]


def test_a_full_disk_fails_the_run_with_one_line_and_it_resumes_once_there_is_space(tmp_path):
    # 2 MB: the logs fill 400 kB in half a second on a quiet machine, before the first checkpoint is committed
    with tmpfs(tmp_path / "disk", size="2m") as disk:
        write_spec(disk / "run.yaml", make_spec(max_episodes=100_000, episodes_per_checkpoint=1, max_episode_len=20))
        result = run_cli("-q", "train", "-c", "run.yaml", cwd=disk)
        assert result.returncode == 1
        assert len(result.stderr.splitlines()) == 1 and "Traceback" not in result.stderr
        run = only_run(disk)
        assert matches(documented("disk full during training"), result.stderr.strip())
        record = json.loads((run / "run.json").read_text())
        assert record["status"] == "failed" and "No space left on device" in record["reason"]
        latest = run / "checkpoints" / (run / "checkpoints" / "latest").read_text().strip()
        assert {path.name for path in latest.iterdir()} >= {"agent.ckpt", "state.json"}
        assert not list((run / "checkpoints").glob(".saving-*"))
        done = int(latest.name.split("-")[1])
        remount(disk, "size=50m")
        resumed = run_cli("-q", "train", "--resume", run.relative_to(disk),
                          "--set", f"loop.parameters.max_episodes={done + 2}", cwd=disk)
        assert resumed.returncode == 0, resumed.stderr
        assert json.loads((run / "run.json").read_text())["status"] == "finished"
        assert episodes(run) == list(range(done + 2))


def test_a_disk_full_before_the_run_begins_leaves_no_half_made_folder(tmp_path):
    with tmpfs(tmp_path / "disk", size="24k") as disk:
        write_spec(disk / "run.yaml", make_spec(max_episodes=1))
        fill(disk / "filler")
        result = run_cli("-q", "train", "-c", "run.yaml", cwd=disk)
        assert result.returncode == 1
        assert re.fullmatch(r"Error: No space left on device: runs/run-[0-9-]+/spec.yaml; free some space on that "
                            r"disk \(--debug shows the traceback\)", result.stderr.strip()), result.stderr
        assert not (disk / "runs").exists()


def test_run_json_says_failed_even_when_the_disk_has_no_block_left(tmp_path):
    with tmpfs(tmp_path / "disk", size="64k") as disk:
        run = RunFolder(disk / "run")
        run.path.mkdir()
        run.start(seed=1)
        fill(disk / "filler")
        run.finish("failed", "OSError: [Errno 28] No space left on device")
        assert json.loads(run.record_path.read_text())["status"] == "failed"


def test_a_runs_dir_on_a_read_only_file_system_is_one_line(tmp_path):
    write_spec(tmp_path / "run.yaml", make_spec(max_episodes=1))
    with tmpfs(tmp_path / "ro") as read_only:
        remount(read_only, "ro")
        result = run_cli("train", "-c", "run.yaml", "--runs-dir", "ro/runs", cwd=tmp_path)
        assert result.returncode == 1
        assert result.stderr.splitlines() == ["Error: " + documented("a runs_dir on a read-only file system")]


def test_create_default_into_a_read_only_place_is_one_line_naming_the_file(tmp_path):
    with tmpfs(tmp_path / "ro") as read_only:
        remount(read_only, "ro")
        result = run_cli("create-default", "-c", "ro/spec.yaml", cwd=tmp_path)
        assert result.returncode == 1
        assert result.stderr.splitlines() == ["Error: Read-only file system: ro/spec.yaml; the file system is "
                                              "read-only: choose a writable place with -c/--run-config PATH "
                                              "(--debug shows the traceback)"]


@pytest.mark.parametrize("error, words", [
    (PermissionError(errno.EACCES, "Permission denied", "runs/x/run.json"),
     "Permission denied: runs/x/run.json; you may not write there: fix its permissions or choose another place"),
    (OSError(errno.EDQUOT, "Disk quota exceeded"), "Disk quota exceeded: runs/x; free some space (your disk quota"),
    (OSError(errno.EIO, "Input/output error", "runs/x/logs"), "Input/output error: runs/x/logs; resume with"),
])
def test_other_faults_name_the_file_and_what_to_do(error, words):
    from gym_loop.errors import run_failure

    assert str(run_failure(error, Path("runs/x"))).startswith(words)


def test_an_archived_read_only_run_is_evaluated_elsewhere(tmp_path):
    write_spec(tmp_path / "run.yaml", make_spec(max_episodes=2, eval_episodes=2))
    assert run_cli("-q", "train", "-c", "run.yaml", cwd=tmp_path).returncode == 0
    with tmpfs(tmp_path / "archive", size="20m") as archive:
        subprocess.run(["cp", "-a", str(only_run(tmp_path)), str(archive / "run")], check=True)
        remount(archive, "ro")
        result = run_cli("eval", "--run", "archive/run", cwd=tmp_path)
        assert result.returncode == 0, result.stderr
        assert ("WARNING: archive/run cannot be written; the evaluation's logs and summary go to run-eval "
                "(choose with --output)") in result.stderr
        (summary,) = (tmp_path / "run-eval" / "eval_logs").glob("summary-agent-000002-*.json")
        assert json.loads(summary.read_text())["episodes"] == 2
        chosen = run_cli("-q", "eval", "--run", "archive/run", "--output", "elsewhere", cwd=tmp_path)
        assert chosen.returncode == 0, chosen.stderr
        assert len(list((tmp_path / "elsewhere" / "eval_logs").glob("summary-*.json"))) == 1
        resumed = run_cli("train", "--resume", "archive/run", cwd=tmp_path)
        assert resumed.returncode == 1
        assert resumed.stderr.splitlines()[-1].startswith("Error: Read-only file system: archive/run/.lock")


def test_eval_output_of_a_writable_run(tmp_path):
    write_spec(tmp_path / "run.yaml", make_spec(max_episodes=1, eval_episodes=1))
    assert run_cli("-q", "train", "-c", "run.yaml", cwd=tmp_path).returncode == 0
    run = only_run(tmp_path)
    assert run_cli("-q", "eval", "--run", run, "-o", "out", cwd=tmp_path).returncode == 0
    assert len(list((tmp_path / "out" / "eval_logs").glob("summary-*.json"))) == 1
    assert not (run / "eval_logs").exists()


def trained(tmp_path, max_episodes=2):
    write_spec(tmp_path / "run.yaml", make_spec(max_episodes=max_episodes, episodes_per_checkpoint=1))
    assert run_cli("-q", "train", "-c", "run.yaml", cwd=tmp_path).returncode == 0
    return only_run(tmp_path)


@pytest.mark.parametrize("cut", [0.5, 0.98])
def test_a_spec_cut_short_is_never_resumed_nor_evaluated(tmp_path, cut):
    run = trained(tmp_path)
    text = (run / "spec.yaml").read_text()
    assert text.splitlines()[-1].startswith("seed: ")
    (run / "spec.yaml").write_text(text[:int(len(text) * cut)])  # 0.98: cut inside the seed's digits
    for command in (["train", "--resume", run, "--set", "loop.parameters.max_episodes=3"], ["eval", "--run", run]):
        result = run_cli(*command, cwd=tmp_path)
        assert result.returncode == 2
        assert "spec.yaml was cut short or changed after gym-loop wrote it" in result.stderr.splitlines()[-1]
    assert json.loads((run / "run.json").read_text())["status"] == "finished"
    assert not (run / "eval_logs").exists()


def test_a_spec_from_before_the_checksum_still_resumes_if_whole(tmp_path):
    run = trained(tmp_path)
    (run / "spec.yaml").write_text("".join((run / "spec.yaml").read_text().splitlines(True)[1:]))
    resumed = run_cli("-q", "train", "--resume", run, "--set", "loop.parameters.max_episodes=3", cwd=tmp_path)
    assert resumed.returncode == 0, resumed.stderr
    text = (run / "spec.yaml").read_text()
    assert text.startswith("# gym-loop sha256: ")  # written again, with the checksum
    text = text[text.index("\n") + 1:]
    (run / "spec.yaml").write_text(text[:text.index("runs_dir:")])
    refused = run_cli("eval", "--run", run, cwd=tmp_path)
    assert refused.returncode == 2 and "is not a complete run spec" in refused.stderr


def test_a_run_json_cut_short_is_one_line(tmp_path):
    run = trained(tmp_path)
    text = (run / "run.json").read_text()
    (run / "run.json").write_text(text[:len(text) // 2])
    result = run_cli("train", "--resume", run.relative_to(tmp_path), "--set", "loop.parameters.max_episodes=3",
                     cwd=tmp_path)
    assert result.returncode == 2
    (line,) = result.stderr.splitlines()
    assert line.startswith(f"Error: Invalid value for '--resume': {run.relative_to(tmp_path)}/run.json cannot be "
                           "read (JSONDecodeError: ")
    assert line.endswith("; restore it from a copy of the run (see gym-loop train --help)")
    assert (run / "run.json").read_text() == text[:len(text) // 2]


def test_resume_removes_what_a_killed_save_left(tmp_path):
    run = trained(tmp_path)
    staging = run / "checkpoints" / ".saving-k9x2"
    staging.mkdir()
    (staging / "agent.ckpt").write_text("half")
    (run / ".episodes.csv.tmp").write_text("half")
    resumed = run_cli("train", "--resume", run, "--set", "loop.parameters.max_episodes=3", cwd=tmp_path)
    assert resumed.returncode == 0, resumed.stderr
    assert "removed 2 unfinished file(s) of an earlier attempt: .episodes.csv.tmp, .saving-k9x2" in resumed.stderr
    assert not staging.exists() and not (run / ".episodes.csv.tmp").exists()
    assert episodes(run) == [0, 1, 2]


def test_a_loop_state_cut_short_is_one_line(tmp_path):
    run = trained(tmp_path)
    loop_state = run / "checkpoints" / (run / "checkpoints" / "latest").read_text().strip() / "state.json"
    loop_state.write_bytes(loop_state.read_bytes()[:50])
    result = run_cli("train", "--resume", run, "--set", "loop.parameters.max_episodes=3", cwd=tmp_path)
    assert result.returncode == 1
    assert matches(documented("resuming from a checkpoint whose loop state is cut short",
                              run=str(run.relative_to(tmp_path))),
                   result.stderr.splitlines()[-1])


@pytest.mark.parametrize("resumable, then", [
    (True, "then resume with: gym-loop train --resume runs/x"),
    (False, "then start again with: gym-loop train -c runs/x/spec.yaml (it saved no checkpoint to resume from)")])
def test_a_run_without_a_checkpoint_is_not_advised_to_resume(resumable, then):
    import click

    from gym_loop.cli import main
    from gym_loop.errors import run_failure

    with click.Context(main):  # inside gym-loop's own command: the command line's advice (fix7f)
        message = str(run_failure(OSError(errno.ENOSPC, "No space left on device"), Path("runs/x"), resumable))
    assert message == f"No space left on device: runs/x; free some space on that disk, {then}"


def test_a_file_size_limit_names_the_file_and_the_limit(tmp_path):
    import resource

    from conftest import GYM_LOOP

    write_spec(tmp_path / "run.yaml", make_spec(max_episodes=300, episodes_per_checkpoint=None, max_episode_len=500))
    result = subprocess.run([GYM_LOOP, "-q", "train", "-c", "run.yaml", "--run-dir", "uf"], cwd=tmp_path,
                            capture_output=True, text=True, timeout=300,  # files of at most 2 KiB, like ulimit -f 2
                            preexec_fn=lambda: resource.setrlimit(resource.RLIMIT_FSIZE, (2048, 2048)))
    assert result.returncode == 1, result.stderr
    [line] = result.stderr.splitlines()
    assert re.fullmatch(r"Error: File too large: uf/(logs/events\.out\.tfevents\.\S+|episodes\.csv); a file reached the "
                        r"largest size this process may write \(ulimit -f\) or the file system allows: raise that "
                        r"limit or choose another place, then start again with: gym-loop train -c uf/spec\.yaml "
                        r"\(it saved no checkpoint to resume from\) \(--debug shows the traceback\)", line), line
    record = json.loads((tmp_path / "uf" / "run.json").read_text())
    assert record["status"] == "failed" and record["reason"].startswith("OSError: File too large: uf/")
