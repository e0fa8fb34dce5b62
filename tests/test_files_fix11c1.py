"""File-system defects of tester11c: a sweep that lost its manifest, unreadable run folders, names claimed at once,
permission errors on reading, ``~`` in path options, symlinked runs, git that cannot open a repository, cut rows."""

import json
import subprocess
import os
from pathlib import Path

from conftest import GYM_LOOP, make_spec, run_cli, write_spec

RANDOM = "gym_loop.agents.random_agent:RandomAgent"

MOVES_MANIFEST = """
import os
from pathlib import Path
from gym_loop.agents.random_agent import RandomAgent
class MovesManifest(RandomAgent):
    def update(self, episode_num):
        manifest = Path(os.environ["FIX11C1_MANIFEST"])
        if manifest.exists():
            manifest.rename(manifest.parent.parent / "manifest.json.bak")
"""


def test_a_sweep_whose_manifest_vanished_keeps_its_finished_runs(tmp_path):
    """tester11c-11: the driver removed the sweep folder and the parent it made once manifest.json was gone."""
    (tmp_path / "moves.py").write_text(MOVES_MANIFEST)
    spec = make_spec(agent=RANDOM, max_episodes=2)
    spec["agent"]["class"] = "moves.py:MovesManifest"
    write_spec(tmp_path / "s.yaml", spec)
    result = run_cli("-q", "sweep", "-c", "s.yaml", "--seeds", "0-1", "--sweeps-dir", "newparent", "--name", "dm",
                     cwd=tmp_path, env={"FIX11C1_MANIFEST": str(tmp_path / "newparent" / "dm" / "manifest.json")})
    assert (tmp_path / "newparent" / "manifest.json.bak").is_file(), result.stderr
    assert sorted(os.listdir(tmp_path / "newparent" / "dm" / "runs" / "base")) == ["seed-0", "seed-1"]
    assert (tmp_path / "newparent" / "dm" / "runs" / "base" / "seed-1" / "episodes.csv").is_file()


NO_OVERRIDE = ["setpriv", "--inh-caps=-dac_override,-dac_read_search,-fowner",
               "--bounding-set=-dac_override,-dac_read_search,-fowner"]


def as_user(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    """``gym-loop ARGS`` as a user that file permissions bind (root without its override capabilities)."""
    prefix = NO_OVERRIDE if os.geteuid() == 0 else []
    return subprocess.run([*prefix, GYM_LOOP, *map(str, args)], cwd=cwd, capture_output=True, text=True, timeout=300)


def two_runs(tmp_path: Path, runs: str = "UR") -> list:
    write_spec(tmp_path / "s.yaml", make_spec(agent=RANDOM, max_episodes=2))
    for _ in range(2):
        done = run_cli("-q", "train", "-c", "s.yaml", "--runs-dir", runs, cwd=tmp_path)
        assert done.returncode == 0, done.stderr
    return sorted((tmp_path / runs).iterdir())


def test_an_unreadable_run_folder_is_left_out_with_a_warning(tmp_path):
    """tester11c-7: runs ls died with a PermissionError traceback and plot refused the whole folder."""
    other, mine = two_runs(tmp_path)
    other.chmod(0)
    try:
        listed = as_user("runs", "ls", "UR", "--format", "csv", cwd=tmp_path)
        plotted = as_user("plot", "UR", "-o", "ur.png", cwd=tmp_path)
    finally:
        other.chmod(0o755)
    warning = (f"WARNING: UR/{other.name} cannot be read (permission denied), so it is left out; fix its permissions "
               f"(chmod -R a+rX UR/{other.name}) or ask its owner")
    assert listed.returncode == 0 and listed.stderr.splitlines() == [warning]
    # by rows: names made in one second, run-<time> and run-<time>-2, are in one another
    assert [row.split(",")[1] for row in listed.stdout.splitlines()[1:]] == [mine.name]
    assert plotted.returncode == 0, plotted.stderr
    assert warning.replace("UR/", f"{tmp_path.resolve()}/UR/") in plotted.stderr.splitlines()
    assert "INFO: 1 runs in 1 configs" in plotted.stderr.splitlines()


def test_a_symlinked_run_folder_is_listed(tmp_path):
    """tester11c-12: runs ls left out a run folder reached through a symlink (plot drew it)."""
    (real,) = two_runs(tmp_path, "elsewhere")[:1]
    (tmp_path / "LK").mkdir()
    (tmp_path / "LK" / "linked").symlink_to(real)
    (tmp_path / "LK" / "loop").symlink_to(tmp_path / "LK")  # a link to a folder that is no run: not entered
    listed = run_cli("runs", "ls", "LK", "--format", "csv", cwd=tmp_path)
    assert listed.returncode == 0, listed.stderr
    assert [row.split(",")[1] for row in listed.stdout.splitlines()[1:]] == ["linked"]


def test_two_evaluations_named_in_one_second_get_folders_of_their_own(tmp_path, monkeypatch):
    """tester11c-10: the evaluation's folder was named by a check (first_free) and made later, so a second eval in the
    same second (here: started between the two) took the same folder and overwrote the first one's summary."""
    from gym_loop import gym_loop, run_paths
    from gym_loop.gym_loop import eval_agent

    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(gym_loop, "timestamped", lambda name: f"{name}-20260101-000000")
    spec = {**make_spec(agent=RANDOM, eval_episodes=1), "seed": 1}
    apart, nested = run_paths.videos_apart, []

    def second_eval_meanwhile(spec_, name):  # called once the first evaluation has named its folder
        if not nested:
            nested.append(2)
            eval_agent({**spec, "seed": 2})
        return apart(spec_, name)
    monkeypatch.setattr(run_paths, "videos_apart", second_eval_meanwhile)
    eval_agent(spec)
    summaries = sorted(path.name for path in (tmp_path / "eval_logs").glob("summary-*.json"))
    assert summaries == ["summary-agent-20260101-000000-2.json", "summary-agent-20260101-000000.json"]
    assert {json.loads((tmp_path / "eval_logs" / name).read_text())["seed"] for name in summaries} == {1, 2}


def test_a_file_this_user_may_not_read_is_told_so_not_damaged(tmp_path):
    """tester11c-8: an unreadable file was told 'you may not write there', a checkpoint 'damaged' (with advice that
    rolls the run back) and run.json 'restore it from a copy'; runs ls counted an unreadable episodes.csv as 0."""
    write_spec(tmp_path / "s.yaml", make_spec(agent=RANDOM, max_episodes=2, episodes_per_checkpoint=1))
    assert run_cli("-q", "train", "-c", "s.yaml", "--run-dir", "r", cwd=tmp_path).returncode == 0
    fix = "cannot be read (permission denied); fix its permissions (chmod a+r {0}) or ask its owner"
    state = "r/checkpoints/agent-000002/state.json"
    for name, command, told in (
            ("episodes.csv", ["plot", "r", "-o", "p.png"], f"Error: {tmp_path.resolve()}/r/episodes.csv " +
             fix.format(f"{tmp_path.resolve()}/r/episodes.csv")),
            ("run.json", ["eval", "--run", "r"], "Error: Invalid value for '--run': r/run.json " +
             fix.format("r/run.json") + " (see gym-loop eval --help)"),
            ("checkpoints/agent-000002/state.json", ["eval", "--run", "r"], f"Error: {state} " + fix.format(state))):
        (tmp_path / "r" / name).chmod(0)
        try:
            result = as_user("-q", *command, cwd=tmp_path)
            listed = as_user("runs", "ls", "r", "--format", "csv", cwd=tmp_path) if name == "episodes.csv" else None
        finally:
            (tmp_path / "r" / name).chmod(0o644)
        assert result.stderr.splitlines()[-1].replace(" (--debug shows the traceback)", "") == told
        if listed is not None:
            assert listed.stdout.splitlines()[1].split(",")[4:6] == ["", ""]  # episodes, steps unknown, not 0


def test_every_path_option_reads_a_tilde_as_the_home_folder(tmp_path):
    """tester11c-9: --sweeps-dir=~/sw, plot -o '~/p.png' and create-default -c '~/x.yaml' made a folder named ~ in the
    working directory; -c, --resume and --run refused ~/... as missing."""
    home = tmp_path / "home"
    home.mkdir()
    env = {"HOME": str(home)}
    write_spec(home / "s.yaml", make_spec(agent=RANDOM, max_episodes=2))
    for command in (["create-default", "-c", "~/cd.yaml"], ["train", "-c", "~/s.yaml", "--run-dir", "~/r"],
                    ["train", "--resume", "~/r", "--set", "loop.parameters.max_episodes=3"], ["eval", "--run", "~/r"],
                    ["plot", "~/r", "-o", "~/p.png"],
                    ["sweep", "-c", "~/s.yaml", "--seeds", "0", "--sweeps-dir=~/sw"]):
        result = run_cli("-q", *command, cwd=tmp_path, env=env)
        assert result.returncode == 0, (command, result.stderr)
    assert not (tmp_path / "~").exists()
    assert all((home / name).exists() for name in ("cd.yaml", "r", "p.png", "sw/s/manifest.json"))


def test_a_repository_git_cannot_open_is_recorded_as_unknown_not_outside_git(tmp_path):
    """tester11c-14: a .git this user may not read, or a damaged .git/HEAD, was recorded "git": null (outside any
    repository) without a warning."""
    git = ["git", "-c", "user.email=a@b", "-c", "user.name=a"]
    subprocess.run([*git, "init", "-q", "."], cwd=tmp_path, check=True)
    write_spec(tmp_path / "s.yaml", make_spec(agent=RANDOM, max_episodes=1))
    subprocess.run([*git, "add", "s.yaml"], cwd=tmp_path, check=True)
    subprocess.run([*git, "commit", "-qm", "x"], cwd=tmp_path, check=True)
    (tmp_path / ".git").chmod(0)
    try:
        unreadable = as_user("-q", "train", "-c", "s.yaml", "--run-dir", "r1", cwd=tmp_path)
    finally:
        (tmp_path / ".git").chmod(0o755)
    (tmp_path / ".git" / "HEAD").write_text("garbage\n")
    damaged = run_cli("-q", "train", "-c", "s.yaml", "--run-dir", "r2", cwd=tmp_path)
    for run, result in (("r1", unreadable), ("r2", damaged)):
        assert result.returncode == 0, result.stderr
        assert result.stderr.splitlines() == [
            f"WARNING: git cannot read the repository of {tmp_path} ({tmp_path}/.git is there, but git cannot open it: "
            "unreadable or damaged): run.json records no commit and checkpoint names get no commit suffix; to record "
            "it: see what git status says here"]
        recorded = json.loads((tmp_path / run / "run.json").read_text())["git"]
        assert recorded["commit"] is None and recorded["error"]


def test_a_row_cut_short_is_not_read_as_data(tmp_path):
    """tester11c-15: a last line without its newline (a full disk, a copy taken mid-write) was read as a whole row:
    runs ls showed its steps, plot drew a point at them, aggregate scored a run by a cut number."""
    write_spec(tmp_path / "s.yaml", make_spec(agent=RANDOM, max_episodes=4, episodes_per_eval=2, eval_episodes=1))
    assert run_cli("-q", "train", "-c", "s.yaml", "--run-dir", "r", cwd=tmp_path).returncode == 0
    before = run_cli("runs", "ls", "r", "--format", "json", cwd=tmp_path)
    with open(tmp_path / "r" / "episodes.csv", "a") as file:
        file.write("5,9999,1")
    with open(tmp_path / "r" / "evals.csv", "a") as file:
        file.write("6,1")
    after = run_cli("runs", "ls", "r", "--format", "json", cwd=tmp_path)
    assert json.loads(after.stdout) == json.loads(before.stdout)
    plotted = run_cli("-q", "plot", "r", "-o", "p.png", cwd=tmp_path)
    assert plotted.returncode == 0, plotted.stderr
    assert "9999" not in (tmp_path / "p.csv").read_text()
    from gym_loop.sweeps import runinfo

    assert runinfo.last_row(tmp_path / "r" / "evals.csv")["episode"] == "4"


def test_a_journal_record_joined_onto_a_cut_one_is_one_line_with_the_way_on(tmp_path):
    """tester11c-13: a journal record cut short by a full disk, then joined by the next append while the tune ran,
    stopped the driver and each worker with Optuna's JSONDecodeError traceback (a tune's start repairs it)."""
    import optuna
    import pytest

    from gym_loop.errors import GymLoopError
    from gym_loop.tuning.study import make_storage

    journal = tmp_path / "journal.log"
    optuna.create_study(storage=make_storage(str(journal)), study_name="s")
    record = journal.read_text().splitlines(keepends=True)[-1]
    with open(journal, "a") as file:  # the cut record, the one joined onto it, and one more (Optuna skips a last)
        file.write('{"op_code": 5, "worker_id": "x", "datet' + record + record)
    with pytest.raises(GymLoopError) as error:
        optuna.load_study(storage=make_storage(str(journal)), study_name="s").trials
    assert str(error.value).startswith(f"{journal} holds a record cut short (a full disk?) that the next one was joined "
                                       "onto (Expecting ")
    assert str(error.value).endswith("; free some space if the disk is full, then re-run the same command: it repairs "
                                     "the journal and continues the study")
