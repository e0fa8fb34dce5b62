"""left7: a resume checks that evals.csv holds as many rows as the checkpoint counts evaluations; it checked only
the best one's row, so rows lost after the best (a file cut) left a gap in evals.csv for good."""

import pytest

from conftest import make_spec
from gym_loop.errors import GymLoopError
from gym_loop.gym_loop import train_agent

LAKE = "gym_loop.agents.q_learning:QLearningAgent"


def test_a_resume_is_refused_when_evals_csv_lost_evaluations_after_the_best(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    spec = make_spec("FrozenLake-v1", LAKE, max_episodes=6, episodes_per_checkpoint=2, episodes_per_eval=2,
                     eval_episodes=1, keep_checkpoints=None, logdir=None)
    spec["agent"]["parameters"]["learning_rate"] = 0.0  # never learns: every evaluation's mean is 0.0, the best
    train_agent({**spec, "seed": 3}, run_dir=tmp_path / "run")
    evals = tmp_path / "run" / "evals.csv"
    lines = evals.read_text().splitlines(keepends=True)
    assert [line.split(",")[0] for line in lines[1:]] == ["2", "4", "6"]
    evals.write_text("".join(lines[:2]))  # the evaluations after 4 and 6 episodes lost; the best (0.0) kept
    more = {**spec, "loop": {**spec["loop"], "parameters": {**spec["loop"]["parameters"], "max_episodes": 8}}}
    with pytest.raises(GymLoopError) as error:
        train_agent(more, resume=str(tmp_path / "run"))
    latest = (tmp_path / "run" / "checkpoints" / "latest").read_text().strip()
    earlier = next((tmp_path / "run" / "checkpoints").glob("agent-000002*")).name
    assert str(error.value) == (
        f"run/evals.csv has 1 of the 3 evaluations checkpoint {latest} holds (cut short or deleted?): a resume would "
        f"leave 2 of them out of it for good; restore it from a copy of the run, then resume; or resume from the "
        f"earlier checkpoint {earlier}, which it covers: write that name into run/checkpoints/latest, then resume; "
        "or start a new run: train_agent(run_params)")
    assert evals.read_text() == "".join(lines[:2])  # nothing changed
