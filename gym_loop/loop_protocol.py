"""The run's side of the loop protocol (docs/loops.rst): a loop's generators with its failures named in one
line, its ``state()`` as plain data, and the random generators the run seeded, which it saves for every loop."""

import math
import reprlib
import sys
from typing import Any, Callable, Dict, Iterator, Optional, Sequence

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
        with one_line_failure(lambda: f"{where} failed {at()}", own_loop=True):  # the old gym API hinted at too
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


# JSON's own forms stand for themselves; the rest is tagged, and a dict of strings shaped like a tag is written as
# {"dict": [[key, value], ...]} too, so that no plain dict is read back as something else.
TAGS = ({"tuple"}, {"dict"}, {"float"}, {"array", "dtype"}, {"array", "dtype", "shape"})
ARRAY_KINDS = "biufU"  # booleans, integers, floats, strings: what JSON holds


def plain_state(value: Any, owner: str, path: str = "") -> Any:
    """``value`` (what ``<owner>.state()`` returned) as JSON's plain data that :func:`loop_state` turns back into
    an equal value (docs/loops.rst): NumPy scalars as Python numbers, tuples as ``{"tuple": [...]}``, a dict
    with other keys than strings as ``{"dict": [[key, value], ...]}``, an infinite or NaN float as
    ``{"float": "-inf"}``, a NumPy array as ``{"array": [...], "dtype": ..., "shape": [...]}``.

    Raises:
        GymLoopError: Something else (a set, a namedtuple, an object, a complex number or array), naming where it
            is in the state and its type.
    """
    if value is None or isinstance(value, (str, bool, int)):
        return value
    if isinstance(value, float):
        return plain_float(value)
    if isinstance(value, dict):
        items = [(key.item() if _numpy_scalar(key) else key, item) for key, item in value.items()]
        if all(isinstance(key, str) for key, _ in items) and set(dict(items)) not in TAGS:
            return {key: plain_state(item, owner, f"{path}[{key!r}]") for key, item in items}
        return {"dict": [[plain_state(key, owner, f"{path} key {key!r}"), plain_state(item, owner, f"{path}[{key!r}]")]
                         for key, item in items]}
    if isinstance(value, list) or type(value) is tuple:
        items = [plain_state(item, owner, f"{path}[{index}]") for index, item in enumerate(value)]
        return items if isinstance(value, list) else {"tuple": items}
    import numpy as np

    if _numpy_scalar(value):
        return plain_state(value.item(), owner, path)
    if isinstance(value, np.ndarray) and value.dtype.kind in ARRAY_KINDS:
        tagged = value.dtype.kind == "f" and not np.isfinite(value).all()  # only then walk it for inf and NaN
        return {"array": plain_state(value.tolist(), owner, path) if tagged else value.tolist(),
                "dtype": str(value.dtype), "shape": list(value.shape)}
    raise _not_plain(owner, path, f"a {value.dtype} array" if isinstance(value, np.ndarray) else type(value).__name__)


def plain_float(value: float) -> Any:
    """``value`` as JSON holds it: itself if finite, else tagged ``{"float": "inf"}`` (``"-inf"``, ``"nan"``), since
    JSON has no such numbers (Python's ``json`` would write ``Infinity``, which strict parsers refuse); read back
    with :func:`tagged_float`. Also the agent's default save's (gym_loop/state.py)."""
    return value if math.isfinite(value) else {"float": repr(float(value))}  # float(): np.float64's repr names it


def tagged_float(tag: Dict[str, Any]) -> float:
    """The float :func:`plain_float` tagged as ``tag``."""
    return float(tag["float"])


def _numpy_scalar(value: Any) -> bool:
    np = sys.modules.get("numpy")  # not imported: then nothing is a NumPy scalar
    return np is not None and isinstance(value, np.generic) and not value.dtype.hasobject


def _not_plain(owner: str, path: str, kind: str) -> GymLoopError:
    return GymLoopError(f"{owner}.state() returned what JSON cannot hold at state{path} ({kind}); return numbers, "
                        "strings, lists, tuples, dicts and NumPy arrays of booleans, integers, floats or strings")


def loop_state(value: Any) -> Any:
    """The inverse of :func:`plain_state` (also of earlier versions', which wrote arrays without ``shape``)."""
    if isinstance(value, list):
        return [loop_state(item) for item in value]
    if not isinstance(value, dict):
        return value
    tag = set(value)
    if tag in TAGS[3:]:
        import numpy as np

        dtype = np.dtype(value["dtype"])
        array = np.array(loop_state(value["array"]) if dtype.kind == "f" else value["array"], dtype=dtype)
        return array.reshape(value["shape"]) if "shape" in value else array
    if tag == {"float"}:
        return tagged_float(value)
    if tag == {"tuple"}:
        return tuple(loop_state(item) for item in value["tuple"])
    if tag == {"dict"}:
        return {loop_state(key): loop_state(item) for key, item in value["dict"]}
    return {key: loop_state(item) for key, item in value.items()}


def seeded_generators(loop: Any, spaces: Optional[Sequence[Any]] = None, evaluation: bool = True) -> Iterator[Any]:
    """The generators a run seeds (docs/runs.rst, Seeds), which it saves in every checkpoint and restores.

    The env's, those of the spaces the agent was given (``spaces``, by default the env's), the
    evaluation env's and its spaces' (a loop's ``eval_env``, if any; not without ``evaluation``:
    those training draws from) and the agent's ``rng``, in this order: that of gym-loop 0.3.0's
    DefaultLoop state, so its checkpoints resume.
    """
    from gym_loop.state import space_generators

    env, eval_env = loop.env, getattr(loop, "eval_env", None) if evaluation else None
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
