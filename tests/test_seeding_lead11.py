"""Run(loop, sinks=[...]) seeds the run from DefaultLoop(..., seed=N) as loop.train() does (tester11a-17)."""

import gymnasium as gym

from gym_loop.agents.random_agent import RandomAgent
from gym_loop.loops.base_loop import BaseLoop, Episode
from gym_loop.loops.default_loop import DefaultLoop
from gym_loop.run import Run
from gym_loop.sinks import Sink


def _loop(tmp_path, tag):
    env, eval_env = gym.make("CartPole-v1"), gym.make("CartPole-v1")
    agent = RandomAgent(observation_space=env.observation_space, action_space=env.action_space)
    return DefaultLoop(agent, env, eval_env=eval_env, seed=1, max_episodes=3, eval_episodes=3,
                       episodes_csv=str(tmp_path / f"{tag}.csv"), evals_csv=str(tmp_path / f"v{tag}.csv"),
                       checkpoint_dir=str(tmp_path / f"c{tag}"),
                       logdir=str(tmp_path / f"l{tag}"), eval_logdir=str(tmp_path / f"e{tag}"))


def test_every_way_to_train_seeds_alike(tmp_path):
    by_loop = list(_loop(tmp_path, "a").train().returns)
    assert list(Run(_loop(tmp_path, "b")).train().returns) == by_loop
    assert list(Run(_loop(tmp_path, "c"), sinks=[Sink()]).train().returns) == by_loop


def test_every_way_to_evaluate_seeds_alike(tmp_path):
    by_loop = list(_loop(tmp_path, "a").evaluate().returns)
    assert list(Run(_loop(tmp_path, "b"), sinks=[Sink()]).evaluate().returns) == by_loop


class _OwnLoop(BaseLoop):
    """A loop of one's own that keeps a seed under the natural name, and no eval_env (tester11g-1)."""

    def __init__(self, agent, env, seed=None, **params):
        super().__init__(**params)
        self.agent, self.env, self.seed, self.steps = agent, env, seed, 0

    def training_episodes(self):
        while True:
            self.env.reset(seed=self.seed)
            total = length = 0
            done = False
            while not done:
                _, reward, terminated, truncated, _ = self.env.step(self.agent.act(None, 0))
                total, length, self.steps, done = total + reward, length + 1, self.steps + 1, terminated or truncated
            yield [Episode(total, length, self.steps)]


def test_a_loop_of_ones_own_with_a_seed_attribute_seeds_itself(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    env = gym.make("CartPole-v1")
    agent = RandomAgent(observation_space=env.observation_space, action_space=env.action_space)
    assert _OwnLoop(agent, env, seed=5, max_episodes=2).train().episodes == 2
