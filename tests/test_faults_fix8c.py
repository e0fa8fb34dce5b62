"""fix8c: run folders, sweeps and tunes damaged or half-made by a kill or by hand (tester8c lows)."""

import json
import shutil
import time
from pathlib import Path

import pytest

from conftest import make_spec, run_cli, write_spec
from gym_loop.gym_loop import train_agent

LAKE = "gym_loop.agents.q_learning:QLearningAgent"


def _lake(**parameters):
    return {**make_spec("FrozenLake-v1", LAKE, **{"max_episodes": 8, "episodes_per_checkpoint": 4,
                                                  "episodes_per_eval": 4, "eval_episodes": 2, **parameters}),
            "seed": 3}


def _died(run: Path) -> None:
    record = json.loads((run / "run.json").read_text())
    record.update(status="running")
    record.pop("reason", None)
    (run / "run.json").write_text(json.dumps(record))


@pytest.fixture
def runs(tmp_path, monkeypatch):
    """Two died runs a and b under tmp_path/runs, each stopped after 4 of 8 episodes."""
    monkeypatch.chdir(tmp_path)
    train_agent(_lake(), run_dir=tmp_path / "runs" / "a")
    for later in (tmp_path / "runs" / "a" / "checkpoints").glob("agent-000008*"):
        shutil.rmtree(later)
    (tmp_path / "runs" / "a" / "checkpoints" / "latest").write_text(
        next((tmp_path / "runs" / "a" / "checkpoints").glob("agent-000004*")).name)
    _died(tmp_path / "runs" / "a")
    shutil.copytree(tmp_path / "runs" / "a", tmp_path / "runs" / "b")
    return tmp_path / "runs"


def test_a_lock_file_that_is_a_folder_is_one_line_and_runs_ls_lists_every_run(runs):  # tester8c-13
    (runs / "a" / ".lock").unlink()
    (runs / "a" / ".lock").mkdir()
    listed = run_cli("runs", "ls", "runs", cwd=runs.parent)
    assert listed.returncode == 0, listed.stderr
    rows = {line.split()[0]: line.split()[1] for line in listed.stdout.splitlines()[2:]}
    assert rows == {"a": "unknown", "b": "died"}
    resumed = run_cli("train", "--resume", "runs/a", cwd=runs.parent)
    assert resumed.returncode == 1
    assert resumed.stderr.splitlines()[-1] == ("Error: the lock file runs/a/.lock cannot be used (Is a directory); "
                                               "remove it (rm -r runs/a/.lock): it is made again (--debug shows the "
                                               "traceback)")


def test_a_hand_edited_spec_yaml_with_another_seed_than_run_json_is_refused(runs):  # tester8c-15
    spec = runs / "a" / "spec.yaml"
    lines = spec.read_text().splitlines(keepends=True)
    spec.write_text("".join(line.replace("seed: 3", "seed: 9") for line in lines[1:]))  # the checksum line deleted
    expected = ("Error: seed: runs/a/spec.yaml says 9, but the run's seed is 3 (run.json); put seed: 3 back in it, "
                "or start a new run with seed 9: gym-loop train -c runs/a/spec.yaml")
    for command in (("train", "--resume", "runs/a"), ("eval", "--run", "runs/a")):
        result = run_cli(*command, cwd=runs.parent)
        assert (result.returncode, result.stderr.splitlines()[-1]) == (2, expected)
    spec.write_text("".join(lines[1:]))  # the seed put back: a hand edit is accepted
    assert run_cli("train", "--resume", "runs/a", cwd=runs.parent).returncode == 0


def test_a_folder_a_train_was_killed_making_says_to_start_again(tmp_path):  # tester8c-1
    (tmp_path / "d").mkdir()
    (tmp_path / "d" / ".lock").write_text("pid 1 on vm")
    write_spec(tmp_path / "d" / "spec.yaml", _lake())
    result = run_cli("train", "--resume", "d", cwd=tmp_path)
    assert (result.returncode, result.stderr.splitlines()[-1]) == (2, (
        "Error: Invalid value for '--resume': d has no run.json and no checkpoint: a run killed while it was being "
        "made, before it began; start it again with: gym-loop train -c d/spec.yaml (or remove d and run the first "
        "command again) (see gym-loop train --help)"))
    assert run_cli("train", "-c", "d/spec.yaml", cwd=tmp_path).returncode == 0  # the advice works


def test_episodes_csv_deleted_while_training_is_warned_at_the_next_checkpoint(tmp_path, monkeypatch, caplog):
    # tester8c-12: the run ended finished, exit 0, without a word; only the next resume found out
    monkeypatch.chdir(tmp_path)

    def delete(summary):  # once a checkpoint is on disk (its commit found the file), before the next ones
        if summary.episodes == 6:
            while not (tmp_path / "run" / "checkpoints" / "latest").exists():
                time.sleep(0.01)
            (tmp_path / "run" / "episodes.csv").unlink()
    with caplog.at_level("WARNING", logger="gym_loop"):
        train_agent(_lake(max_episodes=12, keep_checkpoints=None), progress=delete, run_dir=tmp_path / "run")
    warned = [record.getMessage() for record in caplog.records if "was deleted while the run trains" in
              record.getMessage()]
    assert len(warned) == 1 and warned[0].endswith(
        "episodes.csv was deleted while the run trains: the rows written to it are lost, and a resume of this run is "
        "refused; restore it from a copy now, or start the run again")


def test_a_checkpoint_is_logged_once_it_is_on_disk(tmp_path, monkeypatch):
    # tester8c-8: "checkpoint: .../agent-000200" was logged at staging; a kill then left none, and resume said so
    import logging

    monkeypatch.chdir(tmp_path)
    seen = []

    class OnDisk(logging.Handler):
        def emit(self, record):
            message = record.getMessage()
            if message.startswith("checkpoint: "):
                folder = Path(message.split(": ", 1)[1])
                seen.append((folder / "state.json").is_file())

    handler = OnDisk(level=logging.INFO)
    logger = logging.getLogger("gym_loop")
    logger.addHandler(handler)
    previous = logger.level
    logger.setLevel(logging.INFO)
    try:
        train_agent(_lake(), run_dir=tmp_path / "run")
    finally:
        logger.removeHandler(handler)
        logger.setLevel(previous)
    assert seen == [True, True]


def test_a_run_folder_deleted_while_training_is_said_so_not_a_missing_file(tmp_path, monkeypatch):
    # tester8c-9: "Error: No such file or directory: rmx/run.json" when rm -r could not remove the folder itself
    from gym_loop.errors import GymLoopError

    monkeypatch.chdir(tmp_path)

    def deleted(summary):
        if summary.episodes == 5:
            (tmp_path / "run" / "run.json").unlink()
            (tmp_path / "run" / "spec.yaml").unlink()
            raise RuntimeError("the checkpoint writer's error")
    with pytest.raises(GymLoopError) as error:
        train_agent(_lake(), progress=deleted, run_dir=tmp_path / "run")
    assert str(error.value).startswith(f"the run folder {tmp_path / 'run'} was deleted while training (its run.json "
                                       "is gone), and this run stopped; if it was moved, resume it where it is: ")
    assert not (tmp_path / "run" / "run.json").exists()

    def deleted_quietly(summary):
        if summary.episodes == 5 and (tmp_path / "again" / "run.json").exists():
            (tmp_path / "again" / "run.json").unlink()
    with pytest.raises(GymLoopError) as ended:  # trained to its end, but nothing records it (tester9c-2: exit 0)
        train_agent(_lake(), progress=deleted_quietly, run_dir=tmp_path / "again")
    assert "was deleted while training (its run.json is gone), and this run stopped; if it was moved" in str(
        ended.value)


def test_resume_refusals_over_run_ids_name_a_way_on_that_works(runs):  # tester8c-7
    run_id = json.loads((runs / "a" / "run.json").read_text())["id"]
    checkpoints = runs / "a" / "checkpoints"
    (checkpoints / "run-id").write_text("ffff\n")
    claimed = run_cli("train", "--resume", "runs/a", cwd=runs.parent)
    assert (claimed.returncode, claimed.stderr.splitlines()[-1]) == (1, (
        f"Error: runs/a/checkpoints holds the checkpoints of another run (id ffff), not of runs/a (id {run_id}); if "
        f"they are this run's, write {run_id} into runs/a/checkpoints/run-id, else start a new run: gym-loop train "
        "-c runs/a/spec.yaml"))
    (checkpoints / "run-id").write_text(run_id + "\n")  # the advice
    latest = checkpoints / (checkpoints / "latest").read_text().strip()
    (latest / "run-id").write_text("ffff\n")
    stolen = run_cli("train", "--resume", "runs/a", cwd=runs.parent)
    assert stolen.returncode == 1
    line = stolen.stderr.splitlines()[-1]
    assert line.startswith(f"Error: checkpoint {latest.name} was saved by another run (id ffff), not by ")
    assert line.endswith("it is not loaded; the run has no other complete checkpoint; start again with: gym-loop "
                         "train -c runs/a/spec.yaml")  # its only one: with another, "write ... into .../latest"
    evaluated = run_cli("eval", "--run", "runs/a", cwd=runs.parent)
    assert evaluated.returncode == 1 and "it is not loaded; " in evaluated.stderr.splitlines()[-1]
