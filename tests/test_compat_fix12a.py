"""fix12a: runs, checkpoints, tunes and sweeps of earlier gym-loop versions (tester12a)."""

import json
import logging
import shutil
from pathlib import Path

import pytest
import yaml

from conftest import make_spec, run_cli
from gym_loop.errors import GymLoopError
from gym_loop.gym_loop import eval_agent, train_agent

WALK_LOOP = f"{Path(__file__).parent / 'loops' / 'walk_loop.py'}:WalkLoop"


def _walk(**parameters):
    spec = make_spec()
    spec["loop"] = {"class": WALK_LOOP, "parameters": {"max_episodes": 4, "episodes_per_checkpoint": 2, **parameters}}
    return {**spec, "seed": 2}


def _as_of_0_3_0(run: Path) -> None:
    """Every checkpoint's state.json as gym-loop 0.3.0 (1407b62) wrote it for a loop other than DefaultLoop:
    ``{"format": 1, "run": {summary, best_eval_return, evaluation}, "loop": <the loop's own state>}``."""
    for path in (run / "checkpoints").glob("agent-*/state.json"):
        state = json.loads(path.read_text())
        kept = {key: state["run"][key] for key in ("summary", "best_eval_return")}
        path.write_text(json.dumps({"format": 1, "run": {**kept, "evaluation": []}, "loop": state["loop"]}))


def test_a_custom_loops_run_of_0_3_0_resumes_with_a_warning_and_is_evaluated(tmp_path, monkeypatch, caplog):
    # tester12a-6: "is not a checkpoint's state (it has no run.generators); the checkpoint is damaged"
    monkeypatch.chdir(tmp_path)
    train_agent(_walk(), run_dir=tmp_path / "r")
    _as_of_0_3_0(tmp_path / "r")
    eval_agent(None, run_dir=tmp_path / "r")
    with caplog.at_level(logging.WARNING):
        summary = train_agent(_walk(max_episodes=6), resume=tmp_path / "r")
    assert summary.episodes == 6
    assert "holds no states of the random generators the run seeded (gym-loop 0.3.0" in caplog.text


def test_a_refused_checkpoint_names_only_an_earlier_one_to_resume_from(tmp_path, monkeypatch):
    # tester12a-6: two refused checkpoints named each other as "earlier", back and forth
    monkeypatch.chdir(tmp_path)
    train_agent(_walk(), run_dir=tmp_path / "r")
    checkpoints = tmp_path / "r" / "checkpoints"
    for path in checkpoints.glob("agent-*/state.json"):
        path.write_text(json.dumps({"format": 1, "run": {}, "loop": {}}))
    with pytest.raises(GymLoopError, match=r"earlier checkpoint folder \(agent-000002\)"):
        train_agent(_walk(max_episodes=6), resume=tmp_path / "r")
    (checkpoints / "latest").write_text("agent-000002\n")
    with pytest.raises(GymLoopError, match="the run has no earlier complete checkpoint; start again"):
        train_agent(_walk(max_episodes=6), resume=tmp_path / "r")


OLD_RUNS = Path(__file__).parent / "old_runs"


def _copy(tmp_path: Path, name: str) -> Path:
    """A copy of the old run ``name``, with its checkpoint's stand-ins (git ignores checkpoints/ folders)."""
    run = tmp_path / name
    shutil.copytree(OLD_RUNS / name, run)
    checkpoint = run / "checkpoints" / "agent-000050"
    checkpoint.mkdir(parents=True)
    for stand_in in ("loop.pkl", "agent.ckpt"):
        (checkpoint / stand_in).write_bytes(b"")
    (run / "checkpoints" / "latest").write_text("agent-000050\n")
    return run


def test_a_0_2_runs_resume_says_first_that_it_was_written_by_an_older_gym_loop(tmp_path, monkeypatch):
    # tester12a-1: "loop.parameters.evals_csv: --resume keeps the run's null, not './evals.csv'" for a key 0.2's
    # spec.yaml did not have; a --set of a kept key was refused for it before the true line too
    monkeypatch.chdir(tmp_path)
    run = _copy(tmp_path, "gym-loop-0.2")
    older = r"agent-000050 was written by an older gym-loop \(loop.pkl\) and cannot resume with this version"
    with pytest.raises(GymLoopError, match=older):
        train_agent(None, resume=run)
    spec = yaml.safe_load((run / "spec.yaml").read_text())
    spec["loop"]["parameters"].update(max_episodes=100, evals_csv="./other.csv")
    with pytest.raises(GymLoopError, match=older):
        train_agent(spec, resume=run)


def test_a_key_a_runs_spec_yaml_lacks_is_compared_as_its_default_on_resume(tmp_path, monkeypatch):
    # tester12a-1: a spec of an earlier gym-loop, before evals_csv existed, resumes as one with its default
    monkeypatch.chdir(tmp_path)
    spec = make_spec("FrozenLake-v1", "gym_loop.agents.q_learning:QLearningAgent", max_episodes=4,
                     episodes_per_checkpoint=2)
    train_agent({**spec, "seed": 3}, run_dir=tmp_path / "r")
    saved = yaml.safe_load((tmp_path / "r" / "spec.yaml").read_text())
    del saved["loop"]["parameters"]["evals_csv"]
    (tmp_path / "r" / "spec.yaml").write_text(yaml.safe_dump(saved))  # no checksum line: as an earlier one wrote it
    saved["loop"]["parameters"]["max_episodes"] = 6
    assert train_agent(saved, resume=tmp_path / "r").episodes == 6


def test_a_tune_of_0_3_0_whose_space_yaml_holds_the_text_given_continues(tmp_path):
    # tester12a-3: "--space: differs from .../space.yaml (), which this tune was started with" for the same file
    pytest.importorskip("optuna")
    spec = make_spec("FrozenLake-v1", "gym_loop.agents.q_learning:QLearningAgent", max_episodes=20,
                     episodes_per_eval=10, eval_episodes=1, max_episode_len=100)
    (tmp_path / "lake.yaml").write_text(yaml.safe_dump(spec))
    given = "agent.parameters.learning_rate: {float: [0.05, 0.5]}\n"  # flow style, as the user wrote it
    (tmp_path / "space.yaml").write_text(given)
    args = ["tune", "-c", "lake.yaml", "--space", "space.yaml", "--seeds", "0", "--name", "t"]
    assert run_cli(*args, "--trials", "1", cwd=tmp_path).returncode == 0
    kept = tmp_path / "tunes" / "t" / "space.yaml"
    kept.write_text(given)  # gym-loop 0.3.0 (1407b62) kept the text given; later ones keep it as YAML dumps it
    result = run_cli(*args, "--trials", "2", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert kept.read_text() == given  # left as it was: 0.3.0 can continue the tune too
    assert len((tmp_path / "tunes" / "t" / "trials.csv").read_text().splitlines()) == 3
    (tmp_path / "space.yaml").write_text("agent.parameters.learning_rate: {float: [0.05, 0.6]}\n")
    changed = run_cli(*args, "--trials", "3", cwd=tmp_path)
    assert changed.returncode == 2 and "differs from" in changed.stderr and "learning_rate" in changed.stderr


def test_a_run_whose_state_0_3_0_cannot_resume_is_not_recorded_as_0_3_0(tmp_path, monkeypatch):
    # tester12a-2: run.json said gym_loop 0.3.0 for checkpoints with run.generators, which the 0.3.0 release cannot
    # resume (KeyError: 'generators'); format 1 stays, as every reader that checks it reads this layout
    monkeypatch.chdir(tmp_path)
    train_agent(_walk(), run_dir=tmp_path / "r")
    state = json.loads(next((tmp_path / "r" / "checkpoints").glob("agent-*/state.json")).read_text())
    assert "generators" in state["run"] and state["format"] == 1
    assert json.loads((tmp_path / "r" / "run.json").read_text())["gym_loop"] not in ("0.2.0", "0.3.0")


@pytest.mark.parametrize("name", ["manifest.json", "state.json"])
def test_a_sweep_of_a_newer_format_is_refused_and_left_as_it_is(tmp_path, name):
    # tester12a-7: a sweep whose format was 2 was continued and rewritten as format 1
    spec = make_spec("FrozenLake-v1", "gym_loop.agents.q_learning:QLearningAgent", max_episodes=5)
    (tmp_path / "q.yaml").write_text(yaml.safe_dump(spec))
    assert run_cli("sweep", "-c", "q.yaml", "--seeds", "0-1", "-j", "1", "--name", "s", cwd=tmp_path).returncode == 0
    sweep = tmp_path / "sweeps" / "s"
    document = json.loads((sweep / name).read_text())
    (sweep / name).write_text(json.dumps({**document, "format": 2}))
    before = {path: path.read_bytes() for path in sweep.rglob("*") if path.is_file()}
    result = run_cli("sweep", "sweeps/s", "--add-seeds", "2", cwd=tmp_path)
    assert result.returncode == 2
    assert (f"Error: sweeps/s/{name} was written by a newer gym-loop (sweep format 2, this one reads 1); use that "
            "version for this sweep") in result.stderr
    assert {path: path.read_bytes() for path in sweep.rglob("*") if path.is_file()} == before


def test_plot_groups_a_0_2_run_with_a_run_of_its_spec_by_this_version(tmp_path, monkeypatch):
    # tester12a-4: two configs, one labelled by the defaults 0.2's spec.yaml lacked (evals_csv, keep_checkpoints...)
    from gym_loop.plots.runs import load_configs

    monkeypatch.chdir(tmp_path)
    old = _copy(tmp_path, "gym-loop-0.2")
    spec = yaml.safe_load((old / "spec.yaml").read_text())
    train_agent({**spec, "seed": 8}, run_dir=tmp_path / "new")
    mixed = tmp_path / "mix"
    mixed.mkdir()
    old.rename(mixed / "a")
    (tmp_path / "new").rename(mixed / "b")
    configs = load_configs([mixed])
    assert [(config.label, [run.path.name for run in config.runs]) for config in configs] == [("mix", ["a", "b"])]


def test_a_checkpoint_file_of_the_first_layout_is_named_as_such(tmp_path, monkeypatch):
    # tester12a-5: ./checkpoints/agent-000005.ckpt of the root commit was "not a checkpoint folder (it has no
    # state.json); give ... the path of a checkpoint folder", which the user does not have
    monkeypatch.chdir(tmp_path)
    (tmp_path / "checkpoints").mkdir()
    (tmp_path / "checkpoints" / "agent-000005.ckpt").write_bytes(b"\x80\x04}\x94.")  # a pickled dict, as it wrote
    with pytest.raises(GymLoopError, match=r"checkpoints/agent-000005.ckpt is a checkpoint file of the first gym-loop "
                                           r"\(0.2.0: checkpoints/agent-<n>.ckpt\), which this version cannot load"):
        eval_agent(make_spec(), checkpoint="checkpoints/agent-000005.ckpt")
