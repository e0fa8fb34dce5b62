"""tester6a 2: a second train() on the same DefaultLoop continues its run (episodes and env steps count on),
or says how to train longer; it never restarts one count and continues the other."""

import csv

import gymnasium
import pytest

from gym_loop.agents.random_agent import RandomAgent
from gym_loop.errors import GymLoopError
from gym_loop.loops.default_loop import DefaultLoop


def _rows(path) -> list:
    with open(path) as rows:
        return [(int(row["episode"]), int(row["global_step"]), int(row["length"])) for row in csv.DictReader(rows)]


def _loop(tmp_path, **params) -> DefaultLoop:
    env = gymnasium.make("CartPole-v1")
    given = dict(seed=3, max_episodes=3, episodes_csv=str(tmp_path / "e.csv"), logdir=None,
                 checkpoint_dir=str(tmp_path / "ck"))
    return DefaultLoop(RandomAgent(action_space=env.action_space), env, **{**given, **params})


def test_a_second_train_continues_the_run_in_the_same_files(tmp_path):
    loop = _loop(tmp_path)
    loop.train()
    with pytest.raises(GymLoopError) as error:
        loop.train()
    assert str(error.value) == ("train() continues this loop's run, which already played 3 of max_episodes 3 "
                                "episodes; to train longer, raise it first: loop.parameters['max_episodes'] = N")
    loop.parameters["max_episodes"] = 5
    summary = loop.train()
    assert (summary.episodes, summary.global_step) == (5, loop.global_step)
    rows = _rows(tmp_path / "e.csv")
    assert [row[0] for row in rows] == [0, 1, 2, 3, 4]
    # each episode ends at the env steps done by then: the lengths add up to every global_step
    assert [row[1] for row in rows] == [sum(row[2] for row in rows[:index + 1]) for index in range(5)]
    again = _loop(tmp_path / "fresh", max_episodes=5)  # one train() of 5: the same episodes
    again.train()
    assert _rows(tmp_path / "fresh" / "e.csv") == rows


def test_new_paths_number_the_continued_episodes_on(tmp_path):
    """The tester's case: new paths (as the refusal asked) and max_episodes 5: two more episodes, counted on."""
    loop = _loop(tmp_path)
    loop.train()
    steps = loop.global_step
    loop.parameters.update(episodes_csv=str(tmp_path / "e2.csv"), checkpoint_dir=str(tmp_path / "ck2"),
                           max_episodes=5)
    loop.train()
    rows = _rows(tmp_path / "e2.csv")
    assert [row[0] for row in rows] == [3, 4] and rows[0][1] == steps + rows[0][2]


def test_a_loop_of_its_own_still_refuses_an_earlier_runs_files(tmp_path):
    _loop(tmp_path).train()
    with pytest.raises(GymLoopError,
                       match=r"^train\(\) would overwrite an earlier run.s .*e.csv and .*ck; move them away"):
        _loop(tmp_path).train()
