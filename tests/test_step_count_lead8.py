"""act(state, global_step) in a periodic evaluation gets training's count as it stands (tester8g-2: it counted
the evaluation's steps on, and training's count went back after it)."""

import gymnasium

from gym_loop.agents import BaseAgent
from gym_loop.loops.default_loop import DefaultLoop


class Counting(BaseAgent):
    def __init__(self, **params):
        super().__init__(**params)
        self.seen = []

    def act(self, state, global_step):
        self.seen.append(global_step)
        return 0


def test_an_evaluations_act_gets_trainings_count_and_the_count_never_goes_back(tmp_path):
    env, eval_env = gymnasium.make("CartPole-v1"), gymnasium.make("CartPole-v1")
    agent = Counting(action_space=env.action_space)
    loop = DefaultLoop(agent, env, eval_env=eval_env, seed=1, max_episodes=2, episodes_per_eval=1, eval_episodes=1,
                       logdir=None, episodes_csv=None, evals_csv=None, checkpoint_dir=str(tmp_path / "c"))
    summary = loop.train()
    assert agent.seen == sorted(agent.seen), agent.seen  # never back
    training = list(range(1, summary.global_step + 1))
    assert sorted(set(agent.seen)) == training  # evaluation steps add no count of their own
    assert len(agent.seen) > summary.global_step  # evaluations played
    env.close(), eval_env.close()
