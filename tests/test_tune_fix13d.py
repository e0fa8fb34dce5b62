"""fix13d: a tune's dead worker whose pid another process took since (after a reboot, or pids wrapping) no longer
keeps its trial RUNNING: a worker is recorded with its process's start, and a process of that pid started at
another time is not it (tester13d suspicion 5)."""

import os

import optuna

from gym_loop.liveness import process_alive, process_start
from gym_loop.tuning.study import fail_stale, mark_worker, running_here


def _running_trial(study, **worker):
    trial = study.ask()
    mark_worker(trial, sampler_seed=0)
    if worker:
        trial.set_user_attr("worker", {**trial.user_attrs["worker"], **worker})
    return trial


def test_a_worker_whose_pid_another_process_took_is_dead():
    study = optuna.create_study(direction="maximize")
    alive = _running_trial(study)  # this process, as recorded
    reused = _running_trial(study, started="another boot:12345")  # this pid, another process's start
    assert running_here(study) == {alive.number: os.getpid()}
    assert fail_stale(study) == [reused.number]
    assert study.trials[reused.number].state == optuna.trial.TrialState.FAIL
    assert study.trials[alive.number].state == optuna.trial.TrialState.RUNNING


def test_a_worker_recorded_without_its_start_is_told_by_its_pid():
    study = optuna.create_study(direction="maximize")
    trial = _running_trial(study)
    trial.set_user_attr("worker", {key: value for key, value in trial.user_attrs["worker"].items()
                                   if key != "started"})  # an older gym-loop's record
    assert running_here(study) == {trial.number: os.getpid()}


def test_the_start_of_a_process():
    assert process_start(os.getpid()) == process_start(os.getpid()) is not None  # Linux: /proc
    assert process_alive(os.getpid(), started=process_start(os.getpid())) is True
    assert process_alive(os.getpid(), started="another boot:12345") is False
    assert process_alive(os.getpid(), started=None) is True
