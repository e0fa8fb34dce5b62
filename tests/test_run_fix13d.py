"""fix13d: a resumed run's mean return equals the uninterrupted run's to the last bit (tester13d-1); the evaluation
tune's pruning rule asks at a run's end is played once, not once per episode of the last vector step (tester13d-2);
every rule's after_evaluation is asked, also after the evaluation a reward_threshold stops the run at
(tester13d-3); a stop within a vector step keeps the ``best`` flag of an earlier evaluation of that step
(tester13d-4)."""

import json
import random

import gymnasium as gym

from gym_loop.agents.random_agent import RandomAgent
from gym_loop.loops.default_loop import DefaultLoop
from gym_loop.loops.summary import Summary
from gym_loop.schedule.solved import WINDOW


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
