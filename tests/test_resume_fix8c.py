"""fix8c: resuming runs stopped in the window after a checkpoint, and damaged checkpoints (tester8c)."""

import csv
import shutil
import json
from pathlib import Path

import pytest

from conftest import make_spec, read_scalars, run_cli, write_spec
from gym_loop.errors import GymLoopError
from gym_loop.gym_loop import train_agent

LAKE = "gym_loop.agents.q_learning:QLearningAgent"


def _lake(**parameters):
    return {**make_spec("FrozenLake-v1", LAKE, **{"max_episodes": 8, "episodes_per_checkpoint": 4,
                                                  "episodes_per_eval": 4, "eval_episodes": 2, **parameters}),
            "seed": 3}


def _killed_at_end(run: Path) -> dict:
    """run.json as a kill after the run's last checkpoint leaves it (still "running"); returns it as it was."""
    record = json.loads((run / "run.json").read_text())
    (run / "run.json").write_text(json.dumps({key: value for key, value in record.items()
                                              if key not in ("reason", "ended")} | {"status": "running"}))
    return record


def _rows(path: Path) -> list:
    return [row[:4] for row in csv.reader(path.open())]


def test_a_run_killed_after_its_last_checkpoint_resumes_to_finished_with_no_episode_more(tmp_path, monkeypatch):
    # tester8c-16: resume refused it ("already ran 8 of 8 episodes") and it stayed "died" for good
    monkeypatch.chdir(tmp_path)
    train_agent(_lake(), run_dir=tmp_path / "run")
    before = _killed_at_end(tmp_path / "run")
    episodes, evals = _rows(tmp_path / "run" / "episodes.csv"), _rows(tmp_path / "run" / "evals.csv")
    scalars = read_scalars(tmp_path / "run" / "logs")
    summary = train_agent(None, resume=tmp_path / "run")
    # tester8c-4: a resume that plays no training episode wrote final/* one step later than the run it resumes
    assert {tag: steps for tag, steps in read_scalars(tmp_path / "run" / "logs").items()} == scalars
    after = json.loads((tmp_path / "run" / "run.json").read_text())
    assert (after["status"], after["reason"]) == ("finished", before["reason"])
    assert before["reason"] == "ran every planned episode"
    assert summary.episodes == 8
    assert _rows(tmp_path / "run" / "episodes.csv") == episodes and _rows(tmp_path / "run" / "evals.csv") == evals
    with pytest.raises(GymLoopError, match="already ran 8 of 8 episodes"):  # finished now: as any finished run
        train_agent(None, resume=tmp_path / "run")


def test_a_died_run_resumed_with_a_lower_budget_than_it_ran_is_still_refused(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    train_agent(_lake(), run_dir=tmp_path / "run")
    _killed_at_end(tmp_path / "run")
    with pytest.raises(GymLoopError, match="already ran 8 of 6 episodes"):
        train_agent(_lake(max_episodes=6), resume=tmp_path / "run")


def test_a_run_killed_after_the_checkpoint_that_solved_it_ends_where_the_uninterrupted_run_did(tmp_path, monkeypatch):
    # tester8c-17: the resume trained on past the solve point ("solved after 800" instead of 600)
    monkeypatch.chdir(tmp_path)
    spec = _lake(max_episodes=40, reward_threshold=-1.0)  # FrozenLake's returns are 0 or 1: the first evaluation
    train_agent(spec, run_dir=tmp_path / "run")
    before = _killed_at_end(tmp_path / "run")
    assert before["reason"] == "solved after 4 episodes: evaluation mean return 0.00 >= -1.0"
    episodes = _rows(tmp_path / "run" / "episodes.csv")
    train_agent(None, resume=tmp_path / "run")
    after = json.loads((tmp_path / "run" / "run.json").read_text())
    assert (after["status"], after["reason"]) == ("finished", before["reason"])
    assert _rows(tmp_path / "run" / "episodes.csv") == episodes


def test_a_run_solved_by_its_training_returns_and_killed_ends_there_too(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    spec = _lake(max_episodes=300, episodes_per_eval=None, episodes_per_checkpoint=50, reward_threshold=-1.0)
    train_agent(spec, run_dir=tmp_path / "run")
    before = _killed_at_end(tmp_path / "run")
    assert before["reason"].startswith("solved after 100 episodes")
    train_agent(None, resume=tmp_path / "run")
    assert json.loads((tmp_path / "run" / "run.json").read_text())["reason"] == before["reason"]


def test_a_sweep_continues_a_run_killed_at_its_end_and_scores_it(tmp_path):
    # tester8c-16: "continue with: gym-loop sweep ..." looped, and the run's score was left out
    write_spec(tmp_path / "sw.yaml", _lake())
    made = run_cli("sweep", "-c", "sw.yaml", "--seeds", "0-1", "--name", "s", cwd=tmp_path)
    assert made.returncode == 0, made.stderr
    run = next((tmp_path / "sweeps" / "s" / "runs").glob("*/seed-0"))
    _killed_at_end(run)
    again = run_cli("sweep", "sweeps/s", cwd=tmp_path)
    assert again.returncode == 0, again.stderr
    assert json.loads((run / "run.json").read_text())["status"] == "finished"
    scored = run_cli("aggregate", "sweeps/s", cwd=tmp_path)
    assert scored.returncode == 0, scored.stderr
    assert scored.stdout.splitlines()[1].split()[:2] == ["base", "2"]  # both runs scored


def _damaged_copy(tmp_path: Path, edit) -> Path:
    """A run of 8 episodes whose latest checkpoint (8) has its state.json edited by ``edit``; an earlier one (4)."""
    spec = _lake(keep_checkpoints=None, max_episodes=12)
    train_agent(spec, run_dir=tmp_path / "run")
    ckpts = tmp_path / "run" / "checkpoints"
    for later in ckpts.glob("agent-000012*"):  # a run stopped after 8 episodes, as after a kill
        shutil.rmtree(later)
    latest = next(ckpts.glob("agent-000008*"))
    (ckpts / "latest").write_text(latest.name + "\n")
    state = json.loads((latest / "state.json").read_text())
    edit(state)
    (latest / "state.json").write_text(json.dumps(state))
    _killed_at_end(tmp_path / "run")
    return tmp_path / "run"


@pytest.mark.parametrize("edit, lacking", [
    (lambda state: state["run"].pop("generators"), "run.generators"),  # tester8c-5
    (lambda state: state["run"].update(generators={}), "run.generators"),
    (lambda state: state["run"].update(generators=None), "run.generators"),
    (lambda state: state["run"]["summary"].update(episodes="x"), "run.summary.episodes"),  # tester8c-6
    (lambda state: state["run"]["summary"].update(returns=None), "run.summary.returns"),
])
def test_a_state_json_without_its_generators_or_with_values_of_another_type_is_refused(tmp_path, monkeypatch, edit,
                                                                                         lacking):
    monkeypatch.chdir(tmp_path)
    run = _damaged_copy(tmp_path, edit)
    with pytest.raises(GymLoopError) as error:
        train_agent(None, resume=run)
    assert f"state.json is not a checkpoint's state (it has no {lacking}); the checkpoint is damaged: write the " \
           "name of an earlier checkpoint folder (agent-000004" in str(error.value)


def test_a_loop_state_restore_cannot_take_names_the_earlier_checkpoint(tmp_path, monkeypatch):  # tester8c-6
    monkeypatch.chdir(tmp_path)
    run = _damaged_copy(tmp_path, lambda state: state.update(loop={}))
    with pytest.raises(GymLoopError) as error:
        train_agent(None, resume=run)
    assert str(error.value).startswith("DefaultLoop.restore() failed: KeyError: 'episodes'; the checkpoint is "
                                       "damaged: write the name of an earlier checkpoint folder (agent-000004")


def test_a_state_json_of_a_newer_format_is_refused(tmp_path, monkeypatch):  # tester8c-6
    monkeypatch.chdir(tmp_path)
    run = _damaged_copy(tmp_path, lambda state: state.update(format=2))
    with pytest.raises(GymLoopError, match=r"was written by a newer gym-loop \(state format 2, this one reads 1\); "
                                           "resume it with that version"):
        train_agent(None, resume=run)


def test_ctrl_c_during_a_resumes_checks_says_to_resume_again(tmp_path, monkeypatch):
    # tester8c-11: a bare "Error: interrupted" while the resume read episodes.csv (after it took the lock)
    import gym_loop.gym_loop as main
    from gym_loop.errors import RunStopped

    monkeypatch.chdir(tmp_path)
    run = _damaged_copy(tmp_path, lambda state: None)
    before = (run / "run.json").read_text()

    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt()
    monkeypatch.setattr(main, "check_record", interrupted)
    with pytest.raises(RunStopped) as error:
        train_agent(None, resume=run)
    assert str(error.value).startswith("interrupted before the resume began (the run is as it was); resume again "
                                       "with: ")
    assert error.value.exit_code == 130 and (run / "run.json").read_text() == before
