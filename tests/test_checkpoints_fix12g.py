"""fix12g: every part of a checkpoint's state.json "run" that a resume or an evaluation reads is checked when it is
read, so a damaged one is refused as a damaged checkpoint, naming an earlier one (tester12g-3), not a traceback, and a
damaged ``run.rest`` is not blamed on the loop (review12-2)."""

import json
import shutil
from pathlib import Path

import pytest

from conftest import make_spec
from gym_loop.errors import GymLoopError
from gym_loop.gym_loop import eval_agent, train_agent

@pytest.fixture(scope="module")
def made(tmp_path_factory):
    """A run of 8 episodes with checkpoints after 4 and 8 (latest)."""
    where = tmp_path_factory.mktemp("made")
    spec = {**make_spec("FrozenLake-v1", "gym_loop.agents.q_learning:QLearningAgent", max_episodes=8,
                        episodes_per_checkpoint=4, episodes_per_eval=4, eval_episodes=2, keep_checkpoints=None),
            "seed": 3}
    train_agent(spec, run_dir=where / "run")
    return where / "run"


def _damaged(made: Path, tmp_path: Path, edit: str) -> Path:
    run = tmp_path / "run"
    shutil.copytree(made, run)
    record = json.loads((run / "run.json").read_text())  # as a kill after its last checkpoint leaves it
    (run / "run.json").write_text(json.dumps({**record, "status": "running"}))
    state_file = next((run / "checkpoints").glob("agent-000008*")) / "state.json"
    state = json.loads(state_file.read_text())
    exec(edit, {"run": state["run"]})  # noqa: S102
    state_file.write_text(json.dumps(state))
    return run


@pytest.mark.parametrize("edit, part", [
    ('run["rest"] = None', "run.rest"),
    ('run["rest"] = [[1, 2]]', "run.rest"),
    ('run["rest"] = [["x", 10, 74, 0]]', "run.rest"),  # review12-2: was blamed on DefaultLoop.training_episodes()
    ('run["last_evaluation"] = [1]', "run.last_evaluation"),
    ('run["evaluation"] = [[1]]', "run.evaluation"),
    ('run["evaluations"] = "x"', "run.evaluations"),
    ('run["env_statistics"] = "x"', "run.env_statistics"),
    ('run["env_statistics"] = [{"mean": 1}]', "run.env_statistics"),
    ('run["training_generators"] = {"random": 1}', "run.training_generators"),
])
def test_a_damaged_part_of_run_is_refused_as_a_damaged_checkpoint(made, tmp_path, monkeypatch, edit, part):
    monkeypatch.chdir(tmp_path)
    run = _damaged(made, tmp_path, edit)
    with pytest.raises(GymLoopError) as error:
        train_agent(None, resume=run)
    assert f"state.json is not a checkpoint's state (it has no {part}); the checkpoint is damaged: write the name " \
           "of an earlier checkpoint folder (agent-000004" in str(error.value)


def test_damaged_env_statistics_are_refused_by_eval_too(made, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    run = _damaged(made, tmp_path, 'run["env_statistics"] = "x"')
    with pytest.raises(GymLoopError) as error:
        eval_agent(None, run_dir=run, checkpoint=next((run / "checkpoints").glob("agent-000008*")).name)
    assert "state.json is not a checkpoint's state (it has no run.env_statistics); evaluate another checkpoint: " \
           "--checkpoint agent-000004" in str(error.value)


def test_the_parts_as_a_run_writes_them_still_resume(made, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    run = _damaged(made, tmp_path, 'run["rest"] = [[1.0, 3, 20, None]]; run["evaluations"] = None')
    assert train_agent(None, resume=run).episodes >= 8
