"""A complete checkpoint has its run's CSV rows on disk (fsynced before it is complete), and a resume refused for a
CSV file shorter than its checkpoint (a run of an older gym-loop, a file cut) names an earlier checkpoint that the
file covers (docs/runs.rst, Checkpoints and Resume)."""

import json
import os
from pathlib import Path

from conftest import make_spec, run_cli
from gym_loop.gym_loop import train_agent
from test_resume_fix6c import LAKE, MORE, error_line, run, trained  # noqa: F401 (fixtures: a run of 6 episodes)
from test_resume_fix6c import checkpoint as folder


def checkpoint(run, episodes):
    return folder(run, episodes).name


def test_a_checkpoint_is_complete_only_with_its_csv_rows_on_disk(tmp_path, monkeypatch):
    """What a power loss keeps of a file is what was fsynced: at each commit of a checkpoint (the rename of its
    staging folder), the fsynced part of episodes.csv and evals.csv must hold every row up to the checkpoint."""
    monkeypatch.chdir(tmp_path)
    durable, commits = {}, []
    real_fsync, real_replace = os.fsync, os.replace

    def fsync(descriptor):
        size = os.fstat(descriptor).st_size  # what this fsync surely puts on disk
        real_fsync(descriptor)
        path = Path(os.readlink(f"/proc/self/fd/{descriptor}"))
        if path.suffix == ".csv":
            durable[path.name] = path.read_bytes()[:size].decode()

    def replace(source, destination, *args, **kwargs):
        if Path(source).name.startswith(".saving-"):
            episodes = json.loads((Path(source) / "state.json").read_text())["run"]["summary"]["episodes"]
            commits.append((episodes, dict(durable)))
        return real_replace(source, destination, *args, **kwargs)

    monkeypatch.setattr(os, "fsync", fsync)
    monkeypatch.setattr(os, "replace", replace)
    train_agent(make_spec("FrozenLake-v1", LAKE, max_episodes=6, episodes_per_checkpoint=2, episodes_per_eval=3,
                          keep_checkpoints=None), run_dir=tmp_path / "run")
    assert [episodes for episodes, _ in commits] == [2, 3, 4, 6]
    for episodes, files in commits:
        rows, evaluations = (
            [int(line.split(",")[0]) for line in files.get(name, "").splitlines(keepends=True)[1:]
             if line.endswith("\n")] for name in ("episodes.csv", "evals.csv"))  # whole rows (later ones too)
        assert rows[:episodes] == list(range(episodes)), (episodes, files)
        assert [row for row in evaluations if row <= episodes] == list(range(3, episodes + 1, 3)), (episodes, files)


def test_a_resume_refused_for_a_short_episodes_csv_names_the_checkpoint_it_covers(run):
    csv = run / "episodes.csv"
    text = csv.read_text()
    csv.write_text(text[:text.index("\n5,") + 1])  # rows 0-4: checkpoint agent-4 is covered, agent-6 is not
    result = run_cli("train", "--resume", "run", *MORE, cwd=run.parent)
    assert result.returncode == 1
    assert error_line(result) == (
        f"Error: run/episodes.csv has 5 of the 6 episodes checkpoint {checkpoint(run, 6)} holds (cut short or "
        "deleted?): a resume would leave episodes 5 out of it for good; restore it from a copy of the run, then "
        f"resume; or resume from the earlier checkpoint {checkpoint(run, 4)}, which it covers: write that name into "
        "run/checkpoints/latest, then resume; or start a new run: gym-loop train -c run/spec.yaml")
    (run / "checkpoints" / "latest").write_text(checkpoint(run, 4))  # the advice works
    result = run_cli("train", "--resume", "run", *MORE, "-q", cwd=run.parent)
    assert result.returncode == 0, result.stderr
    assert [int(row.split(",")[0]) for row in csv.read_text().splitlines()[1:]] == list(range(12))


def test_a_resume_refused_for_a_deleted_evals_csv_names_the_checkpoint_before_the_first_evaluation(run):
    (run / "evals.csv").unlink()  # agent-2, before the evaluation after 3 episodes, needs none of it
    result = run_cli("train", "--resume", "run", *MORE, cwd=run.parent)
    assert result.returncode == 1
    line = error_line(result)
    assert line.startswith(f"Error: run/evals.csv lacks evaluations checkpoint {checkpoint(run, 6)} holds")
    assert (f"; or resume from the earlier checkpoint {checkpoint(run, 2)}, which it covers: write that name into "
            "run/checkpoints/latest, then resume; " in line)
    (run / "checkpoints" / "latest").write_text(checkpoint(run, 2))
    assert run_cli("train", "--resume", "run", *MORE, "-q", cwd=run.parent).returncode == 0
    assert [row.split(",")[0] for row in (run / "evals.csv").read_text().splitlines()[1:]] == ["3", "6", "9", "12"]


def test_without_an_earlier_checkpoint_the_file_covers_the_refusal_names_none(run):
    (run / "episodes.csv").unlink()
    line = error_line(run_cli("train", "--resume", "run", *MORE, cwd=run.parent))
    assert "earlier checkpoint" not in line and line.endswith("or start a new run: gym-loop train -c run/spec.yaml")
