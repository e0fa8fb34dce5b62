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


class CountingUpdates(Counting):
    def update(self, global_step):
        self.seen.append(("update", global_step))


def test_under_vector_loop_update_gets_the_count_its_vector_steps_acts_got(tmp_path):
    from gym_loop.loops.vector_loop import VectorLoop

    env = gymnasium.make("CartPole-v1")
    agent = CountingUpdates(action_space=env.action_space)
    VectorLoop(agent, env, num_envs=2, seed=1, max_episodes=2, logdir=None, episodes_csv=None, evals_csv=None,
               checkpoint_dir=str(tmp_path / "c")).train()
    for before, after in zip(agent.seen, agent.seen[1:]):
        if isinstance(after, tuple):  # review8-9: update got one less than the acts of its vector step
            assert after[1] == before, agent.seen[:12]
    env.close()


def test_a_loops_own_policy_set_before_super_init_is_kept(tmp_path):
    class OwnPolicy(DefaultLoop):  # review8-10: the original's style, self.policy set first
        def __init__(self, agent, env, **params):
            self.policy = "mine"
            super().__init__(agent, env, **params)

    env = gymnasium.make("CartPole-v1")
    loop = OwnPolicy(Counting(action_space=env.action_space), env, logdir=None, episodes_csv=None, evals_csv=None,
                     checkpoint_dir=str(tmp_path / "c"))
    assert loop.policy == "mine"
    env.close()
