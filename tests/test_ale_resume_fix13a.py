"""fix13a: ``train --resume`` of an ALE run with sticky actions and without seed_each_episode warns that it will not
equal the uninterrupted run, as VectorLoop's resume does (tester13a-5)."""

import logging

import pytest

from gym_loop.gym_loop import train_agent

pytest.importorskip("ale_py")

WARNING = ("env ALE/Pong-v5 repeats the agent's last action with probability 0.25 (ALE's sticky actions) drawn from "
           "the emulator's own generator, which no checkpoint holds, so this run will not equal one never "
           "interrupted; train with loop.parameters.seed_each_episode: true for runs that resume exactly")


def _resumed(tmp_path, caplog, **parameters):
    loop = {"max_episodes": 1, "max_episode_len": 20, **parameters.pop("loop", {})}
    spec = {"agent": {"class": "gym_loop.agents.random_agent:RandomAgent"},
            "env": {"name": "ALE/Pong-v5", "imports": ["ale_py"], "parameters": {"obs_type": "ram", **parameters}},
            "loop": {"parameters": loop}, "seed": 1}
    train_agent(spec, run_dir=tmp_path / "run")
    caplog.clear()
    with caplog.at_level(logging.WARNING):
        train_agent({**spec, "loop": {"parameters": {**loop, "max_episodes": 2}}}, resume=tmp_path / "run")
    return [record.getMessage() for record in caplog.records if record.levelno >= logging.WARNING]


def test_a_resume_with_sticky_actions_warns(tmp_path, caplog):
    assert _resumed(tmp_path, caplog) == [WARNING]


@pytest.mark.parametrize("parameters", [{"repeat_action_probability": 0.0}, {"loop": {"seed_each_episode": True}}])
def test_a_resume_that_is_exact_does_not(tmp_path, caplog, parameters):
    assert _resumed(tmp_path, caplog, **parameters) == []
