"""A sweep folder from elsewhere (received, downloaded, crafted) never makes ``gym-loop sweep SWEEP_DIR`` delete,
train in or write to a folder outside it (tester14d-15..18): manifest.json's seeds are integers, config ids from
state.json (or the manifest's keys) single plain folder names, and a run folder to start, restart or resume is a
real folder of the sweep, not a symlink; anything else is refused in one line before anything changes."""

import json
import shutil

import pytest

from conftest import run_cli

SPEC = ("agent: {class: gym_loop.agents.q_learning:QLearningAgent}\nenv: {name: FrozenLake-v1}\n"
        "loop: {parameters: {max_episodes: 5, eval_episodes: 2, reward_threshold: null}}\n")


@pytest.fixture(scope="module")
def made(tmp_path_factory):
    """A finished sweep of two seeds (base/seed-0, base/seed-1)."""
    root = tmp_path_factory.mktemp("made")
    (root / "lake.yaml").write_text(SPEC)
    done = run_cli("-q", "sweep", "-c", "lake.yaml", "--seeds", "0-1", cwd=root)
    assert done.returncode == 0, done.stderr
    return root / "sweeps" / "lake"


@pytest.fixture
def sweep(made, tmp_path):
    copy = tmp_path / "dl" / "lake"
    shutil.copytree(made, copy, symlinks=True)
    return copy


def precious(folder):
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "precious.txt").write_text("three years of work")
    return folder / "precious.txt"


def edit(path, change):
    document = json.loads(path.read_text())
    change(document)
    path.write_text(json.dumps(document))


def both(sweep, *options):
    """The dry run's and the real run's results of ``gym-loop sweep SWEEP ...``."""
    return [run_cli("sweep", sweep, *options, *dry, cwd=sweep.parent.parent) for dry in (["--dry-run"], [])]


def test_a_seed_that_is_not_an_integer_is_refused(sweep, tmp_path):
    kept = precious(tmp_path / "thesis")
    edit(sweep / "manifest.json", lambda manifest: manifest.update(seeds=[0, "1/../../../../../thesis"]))
    for result in both(sweep):
        assert result.returncode == 2, result.stdout + result.stderr
        assert "manifest.json: it is JSON, but not a sweep's manifest (seeds holds '1/../../../../../thesis', not an " \
               "integer" in \
            result.stderr, result.stderr
        assert len(result.stderr.strip().splitlines()) == 1, result.stderr
    assert kept.exists()


@pytest.mark.parametrize("seed", [True, -1, 1.5, 2**64])
def test_other_seeds_that_are_not_seeds(sweep, seed):
    edit(sweep / "manifest.json", lambda manifest: manifest.update(seeds=[0, seed]))
    result = run_cli("sweep", sweep, "--dry-run", cwd=sweep.parent)
    assert result.returncode == 2 and "not a sweep's manifest (seeds holds" in result.stderr, result.stderr


@pytest.mark.parametrize("config", ["../../../victim", "{victim}", "..", "a/b", "a\\b", ""])
def test_a_config_of_state_json_that_is_not_a_folder_name_is_refused(sweep, tmp_path, config):
    victim = tmp_path / "victim"
    kept = [precious(victim / "seed-0"), precious(victim / "seed-1")]
    name = config.format(victim=victim)

    def change(state):
        for value in state["runs"].values():
            value.update(config=name, status="failed")
    edit(sweep / "state.json", change)
    for folder in (sweep / "runs" / "base").iterdir():  # so that each would be restarted
        shutil.rmtree(folder / "checkpoints")
    for result in both(sweep, "--retry-failed"):
        assert result.returncode == 2, result.stdout + result.stderr
        assert "state.json is damaged (its run base/seed-0 has config" in result.stderr, result.stderr
        assert len(result.stderr.strip().splitlines()) == 1, result.stderr
    assert all(path.exists() for path in kept)
    assert not (victim / "seed-0.log").exists()


def test_a_grid_key_of_the_manifest_that_makes_no_folder_name_is_refused(sweep, tmp_path):
    edit(sweep / "manifest.json", lambda manifest: manifest.update(
        axes=[{"kind": "grid", "keys": ["agent.parameters.x/../../../../victim"], "rows": [[1]]}]))
    result = run_cli("sweep", sweep, "--dry-run", cwd=sweep.parent)
    assert result.returncode == 2 and "is not a sweep manifest" in result.stderr, result.stderr
    assert not (tmp_path / "victim").exists()


def link_run(sweep, target):
    run = sweep / "runs" / "base" / "seed-1"
    shutil.rmtree(run)
    run.symlink_to(target)
    return run


def test_a_run_folder_linked_outside_the_sweep_is_not_restarted_through_the_link(sweep, tmp_path):
    """tester14d-16: the folder behind the link (another user's run) is not emptied nor written."""
    victim = tmp_path / "victim" / "seed-1"
    shutil.copytree(sweep / "runs" / "base" / "seed-1", victim)
    kept = precious(victim)
    shutil.rmtree(victim / "checkpoints")
    edit(victim / "run.json", lambda record: record.update(status="failed", reason="x"))
    run = link_run(sweep, victim)
    record = (victim / "run.json").read_text()
    for result in both(sweep, "--retry-failed"):
        assert result.returncode == 2, result.stdout + result.stderr
        assert f"{run} is a symlink to {victim}; a sweep trains only in its own " \
               "folders" in result.stderr, result.stderr
        assert len(result.stderr.strip().splitlines()) == 1, result.stderr
    assert kept.exists() and (victim / "run.json").read_text() == record


def test_a_run_folder_linked_outside_the_sweep_is_not_resumed_through_the_link(sweep, tmp_path):
    victim = tmp_path / "victim" / "seed-1"
    shutil.copytree(sweep / "runs" / "base" / "seed-1", victim)
    edit(victim / "run.json", lambda record: record.update(status="interrupted"))
    record = (victim / "run.json").read_text()
    link_run(sweep, victim)
    result = run_cli("sweep", sweep, cwd=sweep.parent)
    assert result.returncode == 2 and "is a symlink to" in result.stderr, result.stderr
    assert (victim / "run.json").read_text() == record


def test_a_dangling_run_folder_link_is_not_followed(sweep, tmp_path):
    """tester14d-15: the link's target (the sender's scratch) is not made on this machine."""
    target = tmp_path / "scratch-of-alice" / "seed-1"
    link_run(sweep, target)
    for result in both(sweep):
        assert result.returncode == 2, result.stdout + result.stderr
        assert f"is a symlink to {target}, which does not exist here (copied without it?)" in result.stderr, \
            result.stderr
    assert not (tmp_path / "scratch-of-alice").exists()
    added = run_cli("sweep", sweep, "--add-seeds", "2", cwd=sweep.parent)
    assert added.returncode == 2 and "is a symlink to" in added.stderr, added.stderr
    assert not (tmp_path / "scratch-of-alice").exists() and 2 not in json.loads(
        (sweep / "manifest.json").read_text())["seeds"]


def test_a_config_folder_linked_elsewhere_is_refused(sweep, tmp_path):
    elsewhere = tmp_path / "elsewhere"
    shutil.move(sweep / "runs" / "base", elsewhere)
    (sweep / "runs" / "base").symlink_to(elsewhere)
    shutil.rmtree(elsewhere / "seed-0" / "checkpoints")
    edit(elsewhere / "seed-0" / "run.json", lambda record: record.update(status="failed"))
    result = run_cli("sweep", sweep, "--retry-failed", cwd=sweep.parent)
    assert result.returncode == 2 and f"is a symlink to {elsewhere}" in result.stderr, result.stderr
    assert (elsewhere / "seed-0" / "run.json").exists()


def test_finished_runs_behind_links_are_read_and_a_whole_sweep_behind_a_link_continues(sweep, tmp_path):
    """Only a run to train is refused: a finished one behind a link is scored; and a sweep folder that is itself a
    link (on scratch) is the sweep's own."""
    kept = tmp_path / "kept" / "seed-1"
    shutil.copytree(sweep / "runs" / "base" / "seed-1", kept)
    link_run(sweep, kept)
    result = run_cli("sweep", sweep, cwd=sweep.parent)
    assert result.returncode == 0, result.stderr
    linked = tmp_path / "linked"
    linked.symlink_to(sweep)
    shutil.rmtree(sweep / "runs" / "base" / "seed-0")
    again = run_cli("sweep", linked, cwd=tmp_path)
    assert again.returncode == 0, again.stderr
    assert (sweep / "runs" / "base" / "seed-0" / "run.json").exists()


def test_a_state_id_of_another_config_is_not_taken(made, tmp_path):
    """A plain folder name in state.json that is not the config's (another config's folder: its hash differs) is not
    taken: the config's runs stay in their own folders."""
    root = made.parent.parent
    done = run_cli("-q", "sweep", "-c", "lake.yaml", "--seeds", "0", "--grid",
                   "agent.parameters.learning_rate=[0.1,0.5]", "--name", "grid", cwd=root)
    assert done.returncode == 0, done.stderr
    sweep = tmp_path / "grid"
    shutil.copytree(root / "sweeps" / "grid", sweep)
    ids = sorted(path.name for path in (sweep / "runs").iterdir())

    def change(state):
        for value in state["runs"].values():
            value["config"] = ids[1]  # both configs said to be in the second one's folder
    edit(sweep / "state.json", change)
    dry = run_cli("sweep", sweep, "--dry-run", cwd=tmp_path)
    assert dry.returncode == 0 and dry.stdout.count(ids[0]) == 1 and dry.stdout.count(ids[1]) == 1, dry.stdout
