"""Seeds for a run, and the state of every random generator it uses, for checkpoints that resume exactly.

One seed drives everything: the env's first ``reset(seed=...)`` takes it as is; the env's spaces,
the agent's generator and the evaluation env take seeds derived from it, so that their streams
are independent of one another.
"""

import random
import secrets
import sys
from typing import Any, Dict, Iterator, NamedTuple, Optional, Tuple

import numpy as np

from gym_loop.errors import GymLoopError


class Seeds(NamedTuple):
    """The seeds of one run, all derived from ``run``."""

    run: int
    agent: int
    eval_env: int

    @classmethod
    def derive(cls, seed: int) -> "Seeds":
        """The seeds of a run with seed ``seed``."""
        return cls(seed, *_derived(seed, RUN_STREAMS, 2))


RUN_STREAMS, SPACE_STREAMS = 0, 1  # independent families of seeds derived from one seed


def _derived(seed: int, family: int, count: int) -> Tuple[int, ...]:
    sequence = np.random.SeedSequence(seed, spawn_key=(family,))
    return tuple(int(word) for word in sequence.generate_state(count))


def draw_seed() -> int:
    """A fresh seed for a run given none; it is recorded, so the run can be repeated."""
    return secrets.randbits(31)


def seed_globals(seed: int) -> None:
    """Seed Python's ``random``, NumPy's global generator and, if it is imported, PyTorch."""
    random.seed(seed)
    np.random.seed(seed % 2**32)
    torch = sys.modules.get("torch")
    if torch is not None:
        torch.manual_seed(seed)


def seed_env(env: Any, seed: int) -> None:
    """Reset ``env`` once with ``seed`` (later resets continue its stream) and seed its spaces."""
    env.reset(seed=seed)
    action_seed, observation_seed = _derived(seed, SPACE_STREAMS, 2)
    env.action_space.seed(action_seed)
    env.observation_space.seed(observation_seed)


def generator_states(env: Any, eval_env: Optional[Any], agent: Any) -> Dict[str, Any]:
    """The state of every generator a run draws from, for :func:`restore_generator_states`."""
    torch = sys.modules.get("torch")
    return {
        "random": random.getstate(),
        "numpy": np.random.get_state(),
        "torch": torch.get_rng_state() if torch is not None else None,
        "generators": [generator.bit_generator.state for generator in _generators(env, eval_env, agent)],
    }


def restore_generator_states(states: Dict[str, Any], env: Any, eval_env: Optional[Any], agent: Any) -> None:
    """Put every generator back in the state :func:`generator_states` recorded.

    Raises:
        GymLoopError: The run now has different generators than the checkpoint (a changed env or agent).
    """
    generators = list(_generators(env, eval_env, agent))
    if len(generators) != len(states["generators"]):
        raise GymLoopError(f"the checkpoint holds {len(states['generators'])} random generator states but the "
                           f"run has {len(generators)}; was the env, agent or episodes_per_eval changed?")
    for generator, state in zip(generators, states["generators"]):
        generator.bit_generator.state = state
    random.setstate(states["random"])
    np.random.set_state(states["numpy"])
    torch = sys.modules.get("torch")
    if torch is not None and states["torch"] is not None:
        torch.set_rng_state(states["torch"])


def _generators(env: Any, eval_env: Optional[Any], agent: Any) -> Iterator[np.random.Generator]:
    for each in (env, eval_env):
        if each is not None:
            yield each.unwrapped.np_random
            yield from _space_generators(each.action_space)
            yield from _space_generators(each.observation_space)
    rng = getattr(agent, "rng", None)
    if isinstance(rng, np.random.Generator):
        yield rng


def _space_generators(space: Any) -> Iterator[np.random.Generator]:
    """A space's generator and those of its parts (``Dict`` and ``Tuple`` spaces sample from their parts)."""
    yield space.np_random
    parts = getattr(space, "spaces", None)
    for part in (parts.values() if isinstance(parts, dict) else parts or ()):
        yield from _space_generators(part)
