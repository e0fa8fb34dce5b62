"""The task's returns of an env whose rewards a wrapper rescales by a running statistic (Gymnasium's
NormalizeReward): a :class:`RawReturn` put beneath that wrapper sums the rewards as the env gives them, as
Stable-Baselines3's ``Monitor`` sits under ``VecNormalize``. The loops record its sum; the agent still learns
from the rescaled rewards."""

from typing import Any, Optional

import gymnasium
import numpy as np

from gym_loop.loops.wrappers import learning_wrappers


class RawReturn(gymnasium.Wrapper):
    """Sums the rewards of the episode in progress, as the env beneath gives them, in ``raw_return`` (read after
    the episode's last step, before the next reset). A wrapper of its own rather than Gymnasium's
    ``RecordEpisodeStatistics``, whose ``info["episode"]`` the agent would see and which asserts when the env's own
    RecordEpisodeStatistics already put it there."""

    def __init__(self, env: Any):
        super().__init__(env)
        self.raw_return = 0.0

    def reset(self, **kwargs: Any) -> Any:
        self.raw_return = 0.0
        return self.env.reset(**kwargs)

    def step(self, action: Any) -> Any:
        result = self.env.step(action)
        self.raw_return += float(result[1])  # in float64, as DefaultLoop sums: not a float32 reward's precision
        return result


def raw_return_of(env: Any) -> Optional[RawReturn]:
    """The :class:`RawReturn` on ``env``'s chain (put there by :func:`~gym_loop.loops.wrappers.wrapped`), or None."""
    while isinstance(env, gymnasium.Wrapper):
        if isinstance(env, RawReturn):
            return env
        env = env.env
    return None


class RawReturns(gymnasium.vector.VectorWrapper):
    """:class:`RawReturn` of a vector env (an env's own vector class, which VectorLoop's ``vector_entry_point`` mode
    plays as it is): sub-env ``i``'s rewards summed in ``raw_returns[i]``, read after its episode's last step; the
    sum starts over on the step after (NextStep autoreset's reset step)."""

    def __init__(self, env: Any):
        super().__init__(env)
        self.raw_returns, self.ended = np.zeros(env.num_envs), np.zeros(env.num_envs, dtype=bool)

    def reset(self, **kwargs: Any) -> Any:
        self.raw_returns[:], self.ended[:] = 0.0, False
        return self.env.reset(**kwargs)

    def step(self, actions: Any) -> Any:
        result = self.env.step(actions)
        self.raw_returns[self.ended] = 0.0
        self.raw_returns += result[1]
        self.ended = result[2] | result[3]
        return result


def scaler(env: Any) -> Optional[Any]:
    """The innermost wrapper on ``env``'s chain (an env's, or a vector env's) that rescales rewards by a running
    statistic (NormalizeReward), or None."""
    return next((wrapper for wrapper in reversed(learning_wrappers(env)) if "NormalizeReward" in
                 type(wrapper).__name__), None)


def put_raw_return(env: Any) -> Optional[gymnasium.Wrapper]:
    """Put a :class:`RawReturn` beneath ``env``'s :func:`scaler`, if it has one, and return that scaler (whose
    ``env`` is then the RawReturn), or None. The specs of the wrappers above are taken first, so the RawReturn never
    shows in them (``make_vec`` would try to re-create it from the spec)."""
    found = scaler(env)
    if found is not None:
        getattr(env, "spec", None)  # cached by each wrapper down the chain
        found.env = RawReturn(found.env)
    return found


def put_raw_returns(vector_env: Any) -> bool:
    """Put a :class:`RawReturns` beneath ``vector_env``'s :func:`scaler` (a vector NormalizeReward), if it has one;
    whether it had."""
    found = scaler(vector_env)
    if found is not None:
        found.env = RawReturns(found.env)
    return found is not None


def with_raw_return(env: Any) -> Any:
    """``env`` after :func:`put_raw_return`: for each of VectorLoop's copies, through ``gymnasium.make_vec``'s
    ``wrappers``."""
    put_raw_return(env)
    return env
