"""An agent with the README's constructor (``super().__init__()`` with no arguments, then ``self.parameters =
...``) gets the run's seeded generator as ``self.rng`` from build_agent, so ``gym-loop train --seed`` reproduces
it, draws in its constructor included (tester10b-7)."""

import gymnasium
import numpy as np

from gym_loop.agents import BaseAgent
from gym_loop.gym_loop import build_agent
from gym_loop.seeding import run_seeds
from gym_loop.spec import run_spec


class ReadmeAgent(BaseAgent):
    """The seeds' README constructor; draws from self.rng in its constructor too."""

    @staticmethod
    def get_default_parameters():
        return {"epsilon": 0.5}

    def __init__(self, **params):
        super().__init__()
        self.parameters = self.get_default_parameters()
        self.parameters.update(params)
        self.first = self.rng.random()

    def act(self, state, episode_num):
        return 0


class Inner(BaseAgent):
    def act(self, state, episode_num):
        return 0


class Outer(ReadmeAgent):
    """Builds another agent of its own first: that one does not take the run's generator."""

    def __init__(self, **params):
        self.inner = Inner()
        super().__init__(**params)


def _built(cls, seed):
    env = gymnasium.make("CartPole-v1")
    spec = run_spec({"agent": {"class": f"{__name__}:{cls.__name__}", "parameters": {}},
                     "env": {"name": "CartPole-v1"}, "seed": seed})
    return build_agent(spec, None, env)


def test_the_readme_constructor_gets_the_runs_generator_also_in_its_constructor():
    first, second = _built(ReadmeAgent, 8), _built(ReadmeAgent, 8)
    expected = np.random.default_rng(run_seeds(8)[0])
    assert first.first == second.first == expected.random()
    assert first.rng.random() == second.rng.random() == expected.random()
    assert first.rng is first.parameters["rng"]  # one generator under both names


def test_only_the_agent_built_takes_it_and_without_a_seed_it_stays_unseeded():
    outer = _built(Outer, 8)
    assert outer.first == np.random.default_rng(run_seeds(8)[0]).random()
    assert outer.inner.rng is not outer.rng
    assert _built(ReadmeAgent, None).rng is not None
    assert Inner().rng is not Inner().rng  # built outside build_agent: an unseeded one each
