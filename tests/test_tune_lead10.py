import logging

import optuna
import pytest

from gym_loop.errors import GymLoopError
from gym_loop.tuning.driver import _report_ended
from gym_loop.tuning.worker import GAVE_UP


def _study(complete):
    study = optuna.create_study(direction="maximize")
    for value in range(complete):
        study.add_trial(optuna.trial.create_trial(value=float(value)))
    return study


def test_a_worker_that_gave_up_is_a_warning_when_the_other_workers_finished_the_study(caplog):
    with caplog.at_level(logging.WARNING, logger="gym_loop.tuning.driver"):
        _report_ended([GAVE_UP, 0], _study(6), trials=6)  # the summary and best trial follow, exit 0
    assert [record.getMessage() for record in caplog.records] == [
        "worker 0 stopped after failed trials (its error is above) (a trial left unfinished is FAIL and does not "
        "count); the other workers finished the study"]


def test_a_worker_that_gave_up_before_the_study_is_finished_is_an_error():
    with pytest.raises(GymLoopError, match="^a worker stopped after failed trials \\(its error is above\\); the "
                                           "trials that ran are in trials.csv$"):
        _report_ended([GAVE_UP, 0], _study(5), trials=6)
    _report_ended([0, 0], _study(5), trials=6)  # workers that ended well: nothing to say


def test_the_base_pair_of_env_and_agent_is_checked_only_when_the_space_changes_neither():
    from conftest import make_spec

    from gym_loop.errors import SpecError
    from gym_loop.tuning.space import _check_envs, parse_distribution

    base = make_spec("CartPole-v1", "gym_loop.agents.q_learning:QLearningAgent", max_episodes=2)  # a Box: refused
    lakes = {"env.name": parse_distribution("env.name", {"categorical": ["FrozenLake-v1", "Taxi-v4"]})}
    _check_envs(lakes, base)  # every trial plays a finite env: the base's CartPole is never run
    with pytest.raises(SpecError, match="needs a finite observation space"):
        _check_envs({}, base)
    carts = {"env.name": parse_distribution("env.name", {"categorical": ["FrozenLake-v1", "CartPole-v1"]})}
    with pytest.raises(SpecError, match="needs a finite observation space"):
        _check_envs(carts, base)
