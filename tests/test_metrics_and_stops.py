"""A metric without a value yet, a rule's Stop statuses, and a reward_threshold judged over a short run."""

import json

import pytest

from conftest import make_spec, read_scalars, run_cli, write_spec

LATE_LOSS_AGENT = '''
from gym_loop.agents.base_agent import BaseAgent


class LateLoss(BaseAgent):
    """Has a loss only from episode 2 on, as a DQN before its first update."""

    def act(self, state, episode_num):
        return 0

    def metrics(self, episode_num):
        return {"loss": None if episode_num < 2 else 0.5 * episode_num, "steps": episode_num}
'''


def test_a_metric_whose_value_is_none_is_left_out_of_that_episode(tmp_path):
    (tmp_path / "late.py").write_text(LATE_LOSS_AGENT)
    spec = {**make_spec(max_episodes=4), "seed": 1, "agent": {"class": "late.py:LateLoss", "parameters": {}}}
    write_spec(tmp_path / "run.yaml", spec)
    result = run_cli("train", "-c", "run.yaml", "--run-dir", "run", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    scalars = read_scalars(tmp_path / "run" / "logs")
    assert [value for _, value in scalars["loss"]] == [1.0, 1.5]  # episodes 2 and 3
    assert [value for _, value in scalars["steps"]] == [0, 1, 2, 3]


class StopAt2:
    """A rule of the user's that stops the run after episode 2 with the given status."""

    def __init__(self, status):
        self.status = status

    def after_episode(self, progress):
        from gym_loop.schedule import Stop

        return Stop(self.status, "custom stop") if progress.episodes == 2 else None


@pytest.mark.parametrize("status", ["banana", "failed"])
def test_a_rules_stop_with_a_status_runs_do_not_have_fails_the_run_in_one_line(tmp_path, status):
    from gym_loop.errors import GymLoopError
    from gym_loop.gym_loop import train_agent

    message = (f"Stop('{status}', ...): a rule stops a run as finished, pruned or interrupted; to fail it, "
               "raise an exception")
    with pytest.raises(GymLoopError) as raised:
        train_agent({**make_spec(max_episodes=4), "seed": 2}, run_dir=tmp_path / "run", extra_rules=[StopAt2(status)])
    assert str(raised.value) == message
    record = json.loads((tmp_path / "run" / "run.json").read_text())
    assert record["status"] == "failed" and record["reason"] == message


def test_a_rules_pruned_stop_is_recorded(tmp_path):
    from gym_loop.gym_loop import train_agent

    summary = train_agent({**make_spec(max_episodes=4), "seed": 2}, run_dir=tmp_path / "run",
                          extra_rules=[StopAt2("pruned")])
    assert (summary.status, summary.reason, summary.episodes) == ("pruned", "custom stop", 2)


@pytest.mark.parametrize("max_episodes, episodes_per_eval, warned", [(5, None, True), (5, 2, False), (100, None, False)])
def test_a_reward_threshold_that_cannot_stop_a_short_run_is_warned_about_at_start(tmp_path, max_episodes,
                                                                                   episodes_per_eval, warned):
    spec = make_spec(max_episodes=max_episodes, reward_threshold=1000, episodes_per_eval=episodes_per_eval,
                     max_episode_len=5, logdir=None)
    write_spec(tmp_path / "run.yaml", {**spec, "seed": 1})
    result = run_cli("-q", "train", "-c", "run.yaml", "--run-dir", "run", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    warning = (f"WARNING: loop.parameters.reward_threshold: judged by the mean return of the last 100 training "
               f"episodes, but max_episodes is {max_episodes}, so the run never stops early; set episodes_per_eval "
               "to judge by periodic evaluations")
    assert (warning in result.stderr.splitlines()) == warned, result.stderr
