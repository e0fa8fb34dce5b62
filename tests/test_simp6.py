"""simp6's behaviour fixes (the last review's leftovers, coord/note8.md), seen as a user sees them."""

import gymnasium
import pytest

from gym_loop.agents.random_agent import RandomAgent
from gym_loop.errors import GymLoopError
from gym_loop.loops import DefaultLoop
from gym_loop.run import Run
from gym_loop.schedule import EVALUATE


class EvaluateAtTwo:
    """A rule of the user's own: a periodic evaluation after the second episode."""

    def after_episode(self, progress):
        return EVALUATE if progress.episodes == 2 else None


def test_a_rules_evaluate_without_an_evaluation_env_blames_the_rule_and_says_to_pass_eval_env(tmp_path, monkeypatch):
    from test_errors_documented import documentation

    monkeypatch.chdir(tmp_path)
    env = gymnasium.make("CartPole-v1")
    agent = RandomAgent(action_space=env.action_space, observation_space=env.observation_space)
    with pytest.raises(GymLoopError) as failed:
        Run(DefaultLoop(agent, env, max_episodes=4, logdir=None), rules=[EvaluateAtTwo()]).train()
    message = ("a schedule rule's after_episode returned EVALUATE; a periodic evaluation needs a second env: "
               "DefaultLoop(..., eval_env=...)")
    assert str(failed.value) == message
    assert message in documentation()
    loop = DefaultLoop(agent, env, eval_env=gymnasium.make("CartPole-v1"), max_episodes=4, logdir=None,
                       eval_episodes=1, evals_csv="evals-2.csv", episodes_csv="episodes-2.csv",
                       checkpoint_dir="checkpoints-2")
    assert Run(loop, rules=[EvaluateAtTwo()]).train().episodes == 4  # the fix the message gives
    assert len((tmp_path / "evals-2.csv").read_text().splitlines()) == 2
    env.close()


def test_the_summarys_highest_mean_is_of_full_windows_only_as_reward_threshold_judges():
    from gym_loop.loops.summary import Summary

    summary = Summary(planned=7, window=3)
    summary.add_many([10.0, 0.0], [1, 1])
    assert "highest mean" not in summary.describe()  # the first episode alone (10.00) is no mean of 3
    summary.add_many([0.0, 0.0, 9.0, 9.0, 9.0], [1] * 5)
    assert summary.describe().endswith("highest mean of 3 consecutive episodes during the run 9.00")
    assert summary.best_mean_return == 9.0


def test_a_python_resume_with_another_seed_is_refused_in_python_terms(tmp_path, monkeypatch):
    from conftest import make_spec
    from test_errors_documented import documentation

    from gym_loop.errors import SpecError
    from gym_loop.gym_loop import train_agent

    monkeypatch.chdir(tmp_path)
    run = train_agent({**make_spec(max_episodes=1, logdir=None), "seed": 5}).run_dir
    longer = make_spec(max_episodes=2, logdir=None)
    with pytest.raises(SpecError) as refused:
        train_agent({**longer, "seed": 99}, resume=run)
    assert str(refused.value) == ("seed: train_agent(resume=...) keeps the run's 5, not 99; resume with seed 5 (or "
                                  "None: the run's) in run_params, or start a new run: train_agent(run_params) "
                                  "without resume")
    assert "train_agent(resume=...) keeps the run's" in documentation()
    assert train_agent({**longer, "seed": None}, resume=run).episodes == 2  # as the advice says
