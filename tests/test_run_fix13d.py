"""fix13d: a resumed run's mean return equals the uninterrupted run's to the last bit (tester13d-1); the evaluation
tune's pruning rule asks at a run's end is played once, not once per episode of the last vector step (tester13d-2);
every rule's after_evaluation is asked, also after the evaluation a reward_threshold stops the run at
(tester13d-3); a stop within a vector step keeps the ``best`` flag of an earlier evaluation of that step
(tester13d-4)."""

import csv
import json
import random
from types import SimpleNamespace

import gymnasium as gym

from gym_loop.agents.random_agent import RandomAgent
from gym_loop.loops.default_loop import DefaultLoop
from gym_loop.loops.summary import Summary
from gym_loop.loops.vector_loop import VectorLoop
from gym_loop.run import Run
from gym_loop.run_checkpoints import pointed_name
from gym_loop.schedule import EVALUATE
from gym_loop.schedule.solved import WINDOW
from gym_loop.tuning.prune import PruningRule


def _returns(count, seed=0):
    draw = random.Random(seed)
    return [draw.uniform(-1000, 1) * 10 ** draw.randint(-3, 3) for _ in range(count)]


def test_a_summary_restored_from_its_state_goes_on_as_the_one_never_stopped():
    returns = _returns(400)
    whole = Summary(None, window=WINDOW)
    whole.add_many(returns, [1] * len(returns))
    first = Summary(None, window=WINDOW)
    first.add_many(returns[:170], [1] * 170)
    resumed = Summary(None, window=WINDOW)
    resumed.restore(json.loads(json.dumps(first.state())))  # as state.json holds it
    resumed.add_many(returns[170:], [1] * 230)
    assert resumed.mean_return == whole.mean_return  # bit for bit, not up to rounding
    assert resumed.state() == whole.state() | {"seconds": resumed.seconds}


def test_an_older_state_without_the_running_sum_is_summed_anew():
    summary = Summary(None, window=WINDOW)
    state = Summary(None, window=WINDOW).state()
    del state["returns_sum"]
    summary.restore({**state, "returns": [1.0, 2.0, 4.0], "episodes": 3})
    assert summary.mean_return == 7 / 3


def test_a_loop_trained_in_two_calls_returns_the_mean_of_one_call(tmp_path):
    def loop(tag):
        env = gym.make("Pendulum-v1")
        agent = RandomAgent(observation_space=env.observation_space, action_space=env.action_space)
        return DefaultLoop(agent, env, seed=3, max_episodes=400, max_episode_len=3, episodes_csv=None, logdir=None,
                           checkpoint_dir=str(tmp_path / tag), episodes_per_checkpoint=100)

    whole = loop("whole").train()
    split = loop("split")
    split.parameters["max_episodes"] = 170
    split.train()
    split.parameters["max_episodes"] = 400
    assert split.train().mean_return == whole.mean_return


class _Trial:
    """An Optuna trial's reporting side, counting reports."""

    def __init__(self):
        self.reports, self.study = [], SimpleNamespace(pruner=None)

    def report(self, value, step):
        self.reports.append(step)

    def should_prune(self):
        return False


def _vector_loop(tmp_path, eval_env=None, **parameters):
    """Pendulum episodes of 2 steps on 4 sub-envs: episodes 1-4 end together at env step 8."""
    env = gym.make("Pendulum-v1")
    agent = RandomAgent(observation_space=env.observation_space, action_space=env.action_space)
    parameters = {"seed": 0, "num_envs": 4, "max_episodes": None, "max_steps": 8, "max_episode_len": 2,
                  "eval_episodes": 1, "episodes_csv": None, "logdir": None, "evals_csv": str(tmp_path / "evals.csv"),
                  "checkpoint_dir": str(tmp_path / "checkpoints"), "episodes_per_checkpoint": None, **parameters}
    return VectorLoop(agent, env, eval_env or gym.make("Pendulum-v1"), **parameters)


def _evaluated(tmp_path):
    with open(tmp_path / "evals.csv", newline="") as file:
        return [int(row["episode"]) for row in csv.DictReader(file)]


def test_the_pruning_rule_asks_one_evaluation_at_the_runs_end():
    rule = PruningRule(_Trial(), end={"episodes": None, "steps": 8, "every": 1000})
    done = [rule.after_episode(SimpleNamespace(episodes=episodes, global_step=8)) for episodes in (1, 2, 3)]
    assert done == [EVALUATE, None, None]


def test_a_tune_run_ended_by_max_steps_within_a_vector_step_evaluates_once(tmp_path):
    trial = _Trial()
    rule = PruningRule(trial, step_offset=100, end={"episodes": None, "steps": 8, "every": 1000})
    Run(_vector_loop(tmp_path, episodes_per_eval=1000), rules=[rule]).train()
    assert _evaluated(tmp_path) == [1]
    assert trial.reports == [101]


class _Worse(gym.Wrapper):
    """Each step's reward 1 lower than the last: each evaluation's return is below the one before."""

    def __init__(self, env):
        super().__init__(env)
        self.steps = 0

    def step(self, action):
        ob, _, terminated, truncated, info = self.env.step(action)
        self.steps += 1
        return ob, -float(self.steps), terminated, truncated, info


def test_a_stop_within_a_vector_step_keeps_its_best_evaluation(tmp_path):
    Run(_vector_loop(tmp_path, eval_env=_Worse(gym.make("Pendulum-v1")), episodes_per_eval=2)).train()
    assert _evaluated(tmp_path) == [2, 4]  # the first is the best, the second worse
    assert pointed_name(tmp_path / "checkpoints" / "best") == pointed_name(tmp_path / "checkpoints" / "latest")


class _CountEvaluations:
    def __init__(self):
        self.seen = []

    def after_evaluation(self, episode, global_step, mean_return):
        self.seen.append(episode)


def test_every_rule_hears_of_the_evaluation_that_solves_the_run(tmp_path):
    env = gym.make("CartPole-v1")
    agent = RandomAgent(observation_space=env.observation_space, action_space=env.action_space)
    loop = DefaultLoop(agent, env, gym.make("CartPole-v1"), seed=0, max_episodes=50, episodes_per_eval=5,
                       eval_episodes=1, reward_threshold=-1.0, episodes_csv=None, logdir=None,
                       evals_csv=str(tmp_path / "evals.csv"), checkpoint_dir=str(tmp_path / "checkpoints"))
    rule = _CountEvaluations()
    summary = Run(loop, rules=[rule]).train()
    assert summary.reason.startswith("solved after 5 episodes")
    assert rule.seen == _evaluated(tmp_path) == [5]


def test_the_end_on_a_periodic_evaluation_asks_none_after_it():
    rule = PruningRule(_Trial(), end={"episodes": None, "steps": 8, "every": 2})
    done = [rule.after_episode(SimpleNamespace(episodes=episodes, global_step=8)) for episodes in (2, 3, 4)]
    assert done == [None, None, None]  # episode 2's periodic evaluation is the run's last


def test_a_run_solved_on_the_episode_that_reaches_max_steps_says_solved(tmp_path):
    # Episodes 5-8 end together at env step 16: max_steps and the evaluation after episode 5, which solves the run,
    # decide on the same episode, and the evaluation names the stop, as under DefaultLoop; max_steps's stop, asked
    # again after episode 8, named it.
    loop = _vector_loop(tmp_path, max_steps=16, episodes_per_eval=5, reward_threshold=-1e9)
    summary = loop.train()
    assert (summary.status, summary.reason.split(":")[0]) == ("finished", "solved after 5 episodes")
    assert _evaluated(tmp_path) == [5]


def test_the_first_stop_of_a_vector_step_decides(tmp_path):
    # Evaluations after episodes 2 and 4 of one vector step both solve the run: it was solved after 2.
    summary = _vector_loop(tmp_path, max_steps=None, max_episodes=8, episodes_per_eval=2,
                           reward_threshold=-1e9).train()
    assert summary.reason.split(":")[0] == "solved after 2 episodes"
    assert _evaluated(tmp_path) == [2, 4]


def test_a_vector_run_whose_last_vector_step_reaches_the_first_evaluation_is_not_warned(tmp_path, caplog):
    # Episodes of 1 step on 4 sub-envs: max_steps 6 is reached at env step 8, after episode 8, which is evaluated.
    _vector_loop(tmp_path, max_steps=6, max_episode_len=1, episodes_per_eval=8).train()
    assert _evaluated(tmp_path) == [8]
    assert "never evaluates" not in caplog.text


def test_a_sweep_takes_a_vector_config_whose_last_vector_step_reaches_the_first_evaluation():
    import pytest

    from gym_loop.errors import SpecError
    from gym_loop.sweeps.scores import _refuse_budget_before_first_evaluation as refuse

    refuse({"episodes_per_eval": 8, "max_steps": 6, "max_episodes": None, "num_envs": 4}, "base")
    with pytest.raises(SpecError, match="max_steps: 5 ends every run before episode 9"):
        refuse({"episodes_per_eval": 9, "max_steps": 5, "max_episodes": None, "num_envs": 4}, "base")
    with pytest.raises(SpecError, match="max_steps: 6 ends every run before episode 8"):
        refuse({"episodes_per_eval": 8, "max_steps": 6, "max_episodes": None}, "base")  # DefaultLoop
