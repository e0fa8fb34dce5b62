"""The run's side of the loop protocol (docs/loops.rst): a loop's generators with its failures named in one
line, its ``state()`` as plain data, and the random generators the run seeded, which it saves for every loop."""

import reprlib
from typing import Any, Callable, Iterator, Optional, Sequence

from gym_loop.errors import GymLoopError, one_line_failure
from gym_loop.loops.base_loop import Episode

EPISODE = "Episode(episode_return, length, global_step, sub_env)"


def loop_episodes(loop: Any, method: str, at: Callable[[], str], **kwargs: Any) -> Iterator[Any]:
    """The items of ``loop.<method>(**kwargs)``, with an exception of the loop's own code as one line.

    Only the shape of the first item with an episode is checked (a group of :class:`Episode` from
    ``training_episodes``, an :class:`Episode` from ``evaluation_episodes``); then the loop's generator
    runs as it is, so the run pays nothing per group.

    Args:
        loop: A loop on :class:`~gym_loop.loops.base_loop.BaseLoop`.
        method: ``training_episodes`` or ``evaluation_episodes``.
        at: Says where the run is (``at episode 3``), asked only when the loop fails.

    Raises:
        GymLoopError: ``<Loop>.<method>() failed <at>: <type>: <message>``, or the item's shape is wrong.
            The loop's own GymLoopErrors (DefaultLoop names the agent's or the env's failure) pass as they are.
    """
    where = f"{type(loop).__name__}.{method}()"
    episodes = None
    try:
        with one_line_failure(lambda: f"{where} failed {at()}"):
            episodes = iter(getattr(loop, method)(**kwargs))
            for item in episodes:
                if method == "training_episodes" and not item and isinstance(item, (list, tuple)):
                    yield item  # an empty group (VectorLoop's vector step on which no episode ended)
                    continue
                _check_shape(where, item, method == "training_episodes")
                yield item
                break
            yield from episodes
    finally:
        close = getattr(episodes, "close", None)
        if close is not None:
            close()


def _check_shape(where: str, item: Any, group: bool) -> None:
    """Refuse ``item`` unless it is a list or tuple of :class:`Episode` (``group``), or an :class:`Episode`."""
    if group:
        if isinstance(item, (list, tuple)) and not isinstance(item, Episode) and all(
                isinstance(episode, Episode) for episode in item):
            return
        raise GymLoopError(f"{where} must yield lists of {EPISODE}; got {reprlib.repr(item)}")
    if not isinstance(item, Episode):
        raise GymLoopError(f"{where} must yield {EPISODE} objects; got {reprlib.repr(item)}")


def plain_state(value: Any, owner: str, path: str = "") -> Any:
    """``value`` (what ``<owner>.state()`` returned) as JSON's plain data: NumPy scalars as Python numbers,
    NumPy arrays as ``{"array": [...], "dtype": ...}`` (as the run's generator states; :func:`loop_state`
    turns them back).

    Raises:
        GymLoopError: Something else that JSON cannot hold, naming where it is in the state and its type.
    """
    if value is None or isinstance(value, (str, bool, int, float)):
        return value
    if isinstance(value, dict):
        plain = {}
        for key, item in value.items():
            key = key.item() if hasattr(key, "dtype") and hasattr(key, "item") else key
            if not (key is None or isinstance(key, (str, bool, int, float))):
                raise _not_plain(owner, path, key, "a key")
            plain[key] = plain_state(item, owner, f"{path}[{key!r}]")
        return plain
    if isinstance(value, (list, tuple)):
        return [plain_state(item, owner, f"{path}[{index}]") for index, item in enumerate(value)]
    import numpy as np

    if isinstance(value, np.generic) and not value.dtype.hasobject:
        return value.item()
    if isinstance(value, np.ndarray) and not value.dtype.hasobject:
        return {"array": value.tolist(), "dtype": str(value.dtype)}
    raise _not_plain(owner, path, value, "a value")


def _not_plain(owner: str, path: str, value: Any, what: str) -> GymLoopError:
    return GymLoopError(f"{owner}.state() returned {what} that is not plain data at state{path} "
                        f"({type(value).__name__}); return numbers, strings, lists and dicts")


def loop_state(value: Any) -> Any:
    """The inverse of :func:`plain_state`: ``{"array": [...], "dtype": ...}`` back to NumPy arrays."""
    if isinstance(value, dict):
        if set(value) == {"array", "dtype"}:
            import numpy as np

            return np.array(value["array"], dtype=value["dtype"])
        return {key: loop_state(item) for key, item in value.items()}
    if isinstance(value, list):
        return [loop_state(item) for item in value]
    return value


def seeded_generators(loop: Any, spaces: Optional[Sequence[Any]] = None) -> Iterator[Any]:
    """The generators a run seeds (docs/runs.rst, Seeds), which it saves in every checkpoint and restores.

    The env's, those of the spaces the agent was given (``spaces``, by default the env's), the
    evaluation env's and its spaces' (a loop's ``eval_env``, if any) and the agent's ``rng``, in
    this order: that of gym-loop 0.3.0's DefaultLoop state, so its checkpoints resume.
    """
    from gym_loop.state import space_generators

    env, eval_env = loop.env, getattr(loop, "eval_env", None)
    yield from _generator_of(env)
    for space in spaces or spaces_of(env):
        yield from space_generators(space)
    if eval_env is not None:
        yield from _generator_of(eval_env)
        for space in spaces_of(eval_env):
            yield from space_generators(space)
    rng = getattr(loop.agent, "rng", None)
    if rng is not None and hasattr(rng, "bit_generator"):
        yield rng


def _generator_of(env: Any) -> Iterator[Any]:
    """The env's ``np_random``, if it has one (a Gymnasium env does)."""
    generator = getattr(getattr(env, "unwrapped", env), "np_random", None)
    if hasattr(generator, "bit_generator"):
        yield generator


def spaces_of(env: Any) -> Sequence[Any]:
    """The env's action and observation spaces, those it has."""
    spaces = (getattr(env, name, None) for name in ("action_space", "observation_space"))
    return tuple(space for space in spaces if space is not None)  # not by truth: an empty Dict space is falsy
