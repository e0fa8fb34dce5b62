"""fix15b: the loops' side of tester15b's defects (seed of a subclass loop, blame of an env failure, ...)."""

import csv
import textwrap

import pytest

from gym_loop.gym_loop import train_agent


def _write(tmp_path, name, source):
    (tmp_path / name).write_text(textwrap.dedent(source))


def _lengths(run_dir):
    with open(run_dir / "episodes.csv") as rows:
        return [(row["return"], row["length"]) for row in csv.DictReader(rows)]


def test_a_subclass_loop_taking_params_gets_the_run_seed_for_seed_each_episode(tmp_path, monkeypatch):
    """tester15b-14: MyLoop.__init__(agent, env, **params) passed no seed on: each episode reset from OS entropy."""
    monkeypatch.chdir(tmp_path)
    _write(tmp_path, "myloop.py", """
        from gym_loop.loops.default_loop import DefaultLoop
        class MyLoop(DefaultLoop):
            def __init__(self, agent, env, **params):
                super().__init__(agent, env, **params)
        """)
    spec = {"agent": {"class": "gym_loop.agents.q_learning:QLearningAgent"}, "env": {"name": "FrozenLake-v1"},
            "seed": 4, "loop": {"class": "myloop.py:MyLoop",
                                "parameters": {"max_episodes": 20, "seed_each_episode": True}}}
    first, second = (train_agent(spec, name=name) for name in ("a", "b"))
    assert _lengths(first.run_dir) == _lengths(second.run_dir)


def test_episode_seed_refuses_no_seed():
    from gym_loop.seeding import episode_seed
    with pytest.raises(TypeError):
        episode_seed(None, 3)
