"""A max_steps that max_episodes surely cuts short is warned of when training starts, also from Python with the
dict of get_default_parameters() (max_episodes 5 in it); one it may cut short, at the end (left9-3)."""

import logging

import gymnasium

from conftest import run_cli
from gym_loop.agents.random_agent import RandomAgent
from gym_loop.loops.default_loop import DefaultLoop
from gym_loop.loops.vector_loop import VectorLoop

START = ("loop.parameters.max_steps: 30000 cannot be reached: max_episodes (5) ends the run first, after 2500 env "
         "steps at most (episodes of at most 500 steps); set max_episodes: null to train by env steps alone")


def _train(tmp_path, caplog, loop=DefaultLoop, **changed):
    env = gymnasium.make("CartPole-v1")
    parameters = {**loop.get_default_parameters(), "logdir": None, "episodes_csv": None, "evals_csv": None,
                  "checkpoint_dir": str(tmp_path / "c"), **changed}
    played = []
    built = loop(RandomAgent(action_space=env.action_space), env, seed=0, **parameters)
    built.progress = lambda summary: played.append(summary.episodes)
    with caplog.at_level(logging.INFO):
        logger = logging.getLogger("gym_loop")
        handler = logging.Handler()
        handler.emit = lambda record: played.append(record.getMessage())
        logger.addHandler(handler)
        try:
            built.train()
        finally:
            logger.removeHandler(handler)
    return played


def test_python_defaults_with_max_steps_warn_before_the_first_episode(tmp_path, caplog):
    played = _train(tmp_path, caplog, max_steps=30000)
    assert START in played and played.index(START) < played.index(1), played
    assert not [line for line in played if "was not reached" in str(line)]  # said once


def test_a_max_steps_that_may_be_reached_is_warned_of_at_the_end_if_not(tmp_path, caplog):
    played = _train(tmp_path, caplog, max_episodes=2, max_steps=900)
    assert not [line for line in played if "cannot be reached" in str(line)]
    ended = [line for line in played if "was not reached" in str(line)]
    assert len(ended) == 1 and ended[0].startswith("loop.parameters.max_steps: 900 was not reached (") and \
        ended[0].endswith("env steps): max_episodes (2) ended the run first; set max_episodes: null to train by env "
                          "steps alone"), played
    assert played.index(ended[0]) > played.index(2)


def test_vector_loop_counts_its_sub_envs_episodes_in_progress(tmp_path, caplog):
    played = _train(tmp_path, caplog, VectorLoop, num_envs=2, max_episodes=3, max_episode_len=10, max_steps=51)
    assert ("loop.parameters.max_steps: 51 cannot be reached: max_episodes (3) ends the run first, after 50 env steps "
            "at most (episodes of at most 10 steps); set max_episodes: null to train by env steps alone") in played
    assert not [line for line in _train(tmp_path / "b", caplog, VectorLoop, num_envs=2, max_episodes=3,
                                        max_episode_len=10, max_steps=50) if "cannot be reached" in str(line)]


def test_cli_says_it_once_at_the_start(tmp_path):
    (tmp_path / "s.yaml").write_text("agent: {class: gym_loop.agents.random_agent:RandomAgent}\nenv: {name: "
                                     "CartPole-v1}\nloop:\n  parameters: {max_steps: 30000, max_episodes: 5}\n")
    ran = run_cli("-q", "train", "-c", "s.yaml", cwd=tmp_path)
    assert ran.returncode == 0, ran.stderr
    assert [line for line in ran.stderr.splitlines() if "max_steps" in line] == [f"WARNING: {START}"], ran.stderr
