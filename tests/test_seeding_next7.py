"""An agent built from Python without ``rng`` keeps its unseeded generator as a private attribute (no weak
dictionary in gym_loop.seeding): a loop's seed replaces it while the agent holds it, never one the user gave or set,
and the default save leaves the attribute out (docs/agents.rst)."""

import gymnasium
import numpy as np

from gym_loop import seeding
from gym_loop.agents.random_agent import RandomAgent
from gym_loop.loops.default_loop import DefaultLoop
from gym_loop.state import saved_attributes


def _agent(**given):
    env = gymnasium.make("CartPole-v1")
    return RandomAgent(observation_space=env.observation_space, action_space=env.action_space, **given), env


def _seeded(agent, env, seed=3):
    """The agent's generator once a DefaultLoop with ``seed`` has seeded the run (its first train or evaluate)."""
    loop = DefaultLoop(agent, env, seed=seed)
    seeding.seed_loop(loop, training=True)
    return agent.rng


def test_a_seed_replaces_the_generator_an_agent_was_built_with_and_keeps_others():
    derived = np.random.default_rng(seeding.run_seeds(3)[0]).integers(2**62)
    agent, env = _agent()
    assert _seeded(agent, env).integers(2**62) == derived
    given = np.random.default_rng(7)
    agent, env = _agent(rng=given)
    assert _seeded(agent, env) is given
    agent, env = _agent()
    agent.rng = later = np.random.default_rng(8)  # set after it was built
    assert _seeded(agent, env) is later


class Compared(RandomAgent):
    """An agent that defines ``__eq__`` (so it cannot be hashed, nor be a key of a weak dictionary)."""

    def __eq__(self, other):
        return self is other

    __hash__ = None


def test_an_unhashable_agent_is_seeded_too_and_the_mark_is_never_saved():
    env = gymnasium.make("CartPole-v1")
    agent = Compared(observation_space=env.observation_space, action_space=env.action_space)
    derived = np.random.default_rng(seeding.run_seeds(3)[0]).integers(2**62)
    assert _seeded(agent, env).integers(2**62) == derived
    assert not hasattr(seeding, "_DEFAULT_RNGS")
    assert "_unseeded_rng" not in saved_attributes(agent) and "rng" in saved_attributes(agent)
