"""With a nested checkpoint_dir (./a/ck), the messages about a run's checkpoints find the run folder (its spec.yaml),
not the folder above the checkpoints, which is the run's only for ./checkpoints (fix10e's leftover)."""

import shutil

import pytest

from conftest import make_spec, run_cli, write_spec
from gym_loop.resume import _saved_by
from gym_loop.run_checkpoints import damaged, read_state


@pytest.fixture
def nested(tmp_path):
    write_spec(tmp_path / "s.yaml", make_spec(agent="gym_loop.agents.random_agent:RandomAgent", max_episodes=1,
                                              checkpoint_dir="./a/ck"))
    trained = run_cli("-q", "train", "-c", "s.yaml", "--run-dir", "r", cwd=tmp_path)
    assert trained.returncode == 0, trained.stderr
    return tmp_path


def test_a_run_without_checkpoints_is_told_to_start_again(nested):
    for path in (nested / "r/a/ck").iterdir():
        shutil.rmtree(path) if path.is_dir() else path.unlink()
    for command in (["eval", "--run", "r"], ["train", "--resume", "r"]):
        refused = run_cli(*command, cwd=nested)
        assert refused.stderr.splitlines()[-1] == (
            "Error: no checkpoint r/a/ck/latest: the run has none (it saved none before it stopped, or they were "
            "deleted); start again with: gym-loop train -c r/spec.yaml"), command


def test_the_messages_of_a_damaged_checkpoint_name_the_run(nested, monkeypatch):
    monkeypatch.chdir(nested)
    checkpoint = next((nested / "r/a/ck").glob("agent-*"))
    assert damaged(checkpoint, evaluating=False) == ("the run has no other complete checkpoint; start again with: "
                                                     f"{'train_agent(run_params)'}")
    (checkpoint / "state.json").rename(checkpoint / "loop.pkl")  # an older gym-loop's checkpoint
    with pytest.raises(Exception) as refused:
        read_state(checkpoint)
    assert str(refused.value).endswith("evaluate it with: eval_agent(None, run_dir='r', checkpoint='agent-000001'), "
                                       "or start a new run: train_agent(run_params)")
    assert _saved_by(checkpoint) == "gym_loop.agents.random_agent:RandomAgent"
