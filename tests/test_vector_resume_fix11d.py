"""fix11d: a resume from a checkpoint inside a group of VectorLoop episodes (several ended on one vector step) counts
the group's episodes after the checkpoint, the checkpoint's ``rest``, first (tester11d-6)."""

import json

from conftest import make_spec
from gym_loop.gym_loop import train_agent


def _episodes(run):
    """episodes.csv's rows without the header: (episode, global_step, return, length)."""
    rows = (run / "episodes.csv").read_text().splitlines()[1:]
    return [(int(episode), int(step), float(total), int(length))
            for episode, step, total, length, *_ in (row.split(",") for row in rows)]


def test_a_resume_inside_a_group_of_vector_episodes_counts_the_checkpoints_rest_first(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    spec = make_spec(num_envs=16, max_episodes=10, logdir=None,
                     max_episode_len=500)
    spec["loop"]["class"] = "gym_loop.loops.vector_loop:VectorLoop"
    run = tmp_path / "run"
    train_agent({**spec, "seed": 0}, run_dir=run)
    state = json.loads(max((run / "checkpoints").glob("agent-*/state.json")).read_text())
    rest = state["run"]["rest"]  # [episode_return, length, global_step, sub_env] of the group after episode 10
    assert rest, "seed 0's 16 CartPoles end more than one episode on the vector step of the 10th"
    assert len(_episodes(run)) == 10
    spec["loop"]["parameters"]["max_episodes"] = 10 + len(rest) + 2
    train_agent({**spec, "seed": 0}, resume=run)
    episodes = _episodes(run)
    assert [episode for episode, *_ in episodes] == list(range(10 + len(rest) + 2))  # none missing or repeated
    assert [(step, total, length) for _, step, total, length in episodes[10:10 + len(rest)]] == [
        (step, total, length) for total, length, step, _ in rest]
