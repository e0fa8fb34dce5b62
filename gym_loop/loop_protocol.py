"""The run's side of the loop protocol (docs/loops.rst): a loop's generators with its failures named in one
line, its ``state()`` as plain data, and the random generators the run seeded, which it saves for every loop."""

import math
import reprlib
import sys
from numbers import Integral, Real
from typing import Any, Callable, Dict, Iterable, Iterator, List, Optional, Sequence

from gym_loop.errors import GymLoopError, one_line_failure
from gym_loop.loops.base_loop import Episode

EPISODE = "Episode(episode_return, length, global_step, sub_env)"


def loop_episodes(loop: Any, method: str, at: Callable[[], str], **kwargs: Any) -> Iterator[Any]:
    """The items of ``loop.<method>(**kwargs)``, with an exception of the loop's own code as one line.

    Of ``training_episodes``, only the shape of the first group with an episode is checked (a list of
    :class:`Episode` whose fields are numbers); then the loop's generator runs as it is, so the run pays
    nothing per group (it checks a later group with :func:`check_group` when counting it fails). Each
    :class:`Episode` of ``evaluation_episodes`` is checked: an episode played takes far longer.

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
            if method == "evaluation_episodes":
                for item in episodes:
                    _check_shape(where, item, False)
                    yield item
                return
            for item in episodes:  # training_episodes' groups
                if not item and isinstance(item, (list, tuple)):
                    yield item  # an empty group (VectorLoop's vector step on which no episode ended)
                    continue
                _check_shape(where, item, True)
                yield item
                break
            yield from episodes
    finally:
        close = getattr(episodes, "close", None)
        if close is not None:
            close()


def check_group(loop: Any, group: Any) -> None:
    """Refuse a group ``loop.training_episodes()`` yielded that is not a list of :class:`Episode` of numbers, as
    the first is refused (the run asks when counting a later one failed: it pays nothing per group)."""
    _check_shape(f"{type(loop).__name__}.training_episodes()", group, True)


def ended_early(loop: Any, played: int, count: int) -> GymLoopError:
    """The error for ``loop.evaluation_episodes()`` ending after ``played`` of the ``count`` episodes asked."""
    return GymLoopError(f"{type(loop).__name__}.evaluation_episodes() ended after {played} of eval_episodes {count} "
                        "episodes; it must yield episodes until the run closes it (docs/loops.rst)")


def _check_shape(where: str, item: Any, group: bool) -> None:
    """Refuse ``item`` unless it is a list or tuple of :class:`Episode` (``group``), or an :class:`Episode`, of
    numbers (NumPy's included): a real ``episode_return``, integer ``length`` and ``global_step``."""
    if group:
        if not (isinstance(item, (list, tuple)) and not isinstance(item, Episode) and all(
                isinstance(episode, Episode) for episode in item)):
            raise GymLoopError(f"{where} must yield lists of {EPISODE}; got {reprlib.repr(item)}")
    elif not isinstance(item, Episode):
        raise GymLoopError(f"{where} must yield {EPISODE} objects; got {reprlib.repr(item)}")
    for episode in item if group else (item,):
        if not (isinstance(episode.episode_return, Real) and isinstance(episode.length, Integral)
                and isinstance(episode.global_step, Integral)):
            raise GymLoopError(f"{where} yielded {episode!r}; episode_return must be a real number, "
                               "length and global_step integers")


def json_number(value: Any) -> Any:
    """``json.dumps``' ``default``: a NumPy scalar (a loop's :class:`Episode` may hold them) as the Python number it
    is, in a checkpoint's ``state.json`` and an evaluation's summary.

    Raises:
        TypeError: Anything else, as ``json.dumps`` raises it.
    """
    if _numpy_scalar(value):
        return value.item()
    raise TypeError(f"Object of type {type(value).__name__} is not JSON serializable")


# JSON's own forms stand for themselves; the rest is tagged, and a dict of strings shaped like a tag is written as
# {"dict": [[key, value], ...]} too, so that no plain dict is read back as something else.
TAGS = ({"tuple"}, {"dict"}, {"float"}, {"array", "dtype"}, {"array", "dtype", "shape"}, {"npz"})
ARRAY_KINDS = "biufU"  # booleans, integers, floats, strings: what JSON holds
# An array of this many elements or more goes to the checkpoint's loop.npz, as binary (as JSON text, 1,000,000
# floats made each checkpoint ~0.9 s and a resume ~5.8 s longer; tester9b-23), given a dict for it (plain_state).
NPZ_SIZE = 1000
_AS_IS = {str, int, bool, type(None)}  # what plain_state returns as it is
LOOP_ARRAYS = "loop_arrays"  # the state's key of those arrays, written as loop.npz (run_checkpoints)


def plain_state(value: Any, owner: str, path: Any = "", arrays: Optional[Dict[str, Any]] = None) -> Any:
    """``value`` (what ``<owner>.state()`` returned) as JSON's plain data that :func:`loop_state` turns back into
    an equal value (docs/loops.rst): NumPy scalars as Python numbers, tuples as ``{"tuple": [...]}``, a dict
    with other keys than strings as ``{"dict": [[key, value], ...]}``, an infinite or NaN float as
    ``{"float": "-inf"}``, a NumPy array as ``{"array": [...], "dtype": ..., "shape": [...]}``; given ``arrays``,
    one of :data:`NPZ_SIZE` elements or more is put in it instead, as ``{"npz": "<its key>"}``.

    ``path`` (where ``value`` is in the state, for the message) is text, or as the walk passes it down
    (:func:`_path_text`): made into text only for a message. That and taking the values of :data:`_AS_IS` without
    a call made the walk of CartPole's four generators' states, at every checkpoint, 4 us instead of 20.

    Raises:
        GymLoopError: Something else (a set, a namedtuple, an object, a complex number or array), naming where it
            is in the state and its type.
    """
    if value is None or isinstance(value, (str, bool, int)):
        return value
    if isinstance(value, float):
        return plain_float(value)
    if isinstance(value, dict):
        if all(type(key) is str for key in value) and value.keys() not in TAGS:  # the common case, quicker
            return {key: item if type(item) in _AS_IS else plain_state(item, owner, (path, key), arrays)
                    for key, item in value.items()}
        items = [(key.item() if _numpy_scalar(key) else key, item) for key, item in value.items()]
        if all(isinstance(key, str) for key, _ in items) and set(dict(items)) not in TAGS:
            return {key: plain_state(item, owner, (path, key), arrays) for key, item in items}
        return {"dict": [[plain_state(key, owner, (path, key, "key"), arrays),
                          plain_state(item, owner, (path, key), arrays)] for key, item in items]}
    if isinstance(value, list) or type(value) is tuple:
        items = [item if type(item) in _AS_IS else plain_state(item, owner, (path, index), arrays)
                 for index, item in enumerate(value)]
        return items if isinstance(value, list) else {"tuple": items}
    import numpy as np

    if _numpy_scalar(value):
        return plain_state(value.item(), owner, path)
    if isinstance(value, np.ndarray) and value.dtype.kind in ARRAY_KINDS and arrays is not None \
            and value.size >= NPZ_SIZE:
        key = f"a{len(arrays)}"
        arrays[key] = value.copy()  # as it is now: the loop plays on while the checkpoint is written
        return {"npz": key}
    if isinstance(value, np.ndarray) and value.dtype.kind in ARRAY_KINDS:
        tagged = value.dtype.kind == "f" and not np.isfinite(value).all()  # only then walk it for inf and NaN
        return {"array": plain_state(value.tolist(), owner, path) if tagged else value.tolist(),
                "dtype": str(value.dtype), "shape": list(value.shape)}
    raise _not_plain(owner, path, f"a {value.dtype} array" if isinstance(value, np.ndarray) else type(value).__name__)


def _path_text(path: Any) -> str:
    """:func:`plain_state`'s ``path`` as text: text, or (parent, key) for ``parent[key]``, (parent, key, "key")
    for a dict's key that is not a string (``parent key 3``)."""
    if isinstance(path, str):
        return path
    parent, key, *of_key = path
    return f"{_path_text(parent)} key {key!r}" if of_key else f"{_path_text(parent)}[{key!r}]"


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


def _not_plain(owner: str, path: Any, kind: str) -> GymLoopError:
    return GymLoopError(f"{owner}.state() returned what JSON cannot hold at state{_path_text(path)} ({kind}); "
                        "return numbers, strings, lists, tuples, dicts and NumPy arrays of booleans, integers, floats "
                        "or strings")


def loop_state(value: Any, arrays: Optional[Dict[str, Any]] = None) -> Any:
    """The inverse of :func:`plain_state` (also of earlier versions', which wrote arrays without ``shape``), with the
    ``arrays`` it put apart (a checkpoint's loop.npz)."""
    if isinstance(value, list):
        return [loop_state(item, arrays) for item in value]
    if not isinstance(value, dict):
        return value
    tag = set(value)
    if tag == {"npz"} and arrays is not None and value["npz"] in arrays:
        return arrays[value["npz"]]
    if tag in TAGS[3:]:
        import numpy as np

        dtype = np.dtype(value["dtype"])
        array = np.array(loop_state(value["array"]) if dtype.kind == "f" else value["array"], dtype=dtype)
        return array.reshape(value["shape"]) if "shape" in value else array
    if tag == {"float"}:
        return tagged_float(value)
    if tag == {"tuple"}:
        return tuple(loop_state(item, arrays) for item in value["tuple"])
    if tag == {"dict"}:
        return {loop_state(key, arrays): loop_state(item, arrays) for key, item in value["dict"]}
    return {key: loop_state(item, arrays) for key, item in value.items()}


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


def training_generators(loop: Any, spaces: Optional[Sequence[Any]] = None) -> List[Any]:
    """What a periodic evaluation sets aside: the generators a run seeds that training draws from, then
    :func:`own_generators`."""
    seeded = list(seeded_generators(loop, spaces, evaluation=False))
    return seeded + own_generators(loop, seeded)


def own_generators(loop: Any, seeded: Iterable[Any]) -> List[Any]:
    """The NumPy and PyTorch generators the loop's policy, the agent's and the agent hold as attributes (or in a dict
    attribute) but ``seeded``, the run's: a policy's own ``rng``, an agent's ``self.noise = np.random.default_rng(1)``
    (the run does not seed them; their saves hold them)."""
    from gym_loop.state import UNSEEDED, attribute_values

    np, torch = sys.modules.get("numpy"), sys.modules.get("torch")
    kinds = (*([np.random.Generator] if np else []), *([torch.Generator] if torch else []))
    seen = {id(generator) for generator in seeded} | {id(getattr(loop.agent, "__dict__", {}).get(UNSEEDED))}
    found = []
    for owner in (getattr(loop, "policy", None), getattr(loop.agent, "policy", None), loop.agent):
        for value in attribute_values(owner) if owner is not None else ():
            if isinstance(value, kinds) and id(value) not in seen:
                seen.add(id(value))
                found.append(value)
    return found


def _generator_of(env: Any) -> Iterator[Any]:
    """The env's ``np_random``, if it has one (a Gymnasium env does)."""
    generator = getattr(getattr(env, "unwrapped", env), "np_random", None)
    if hasattr(generator, "bit_generator"):
        yield generator


def spaces_of(env: Any) -> Sequence[Any]:
    """The env's action and observation spaces, those it has."""
    spaces = (getattr(env, name, None) for name in ("action_space", "observation_space"))
    return tuple(space for space in spaces if space is not None)  # not by truth: an empty Dict space is falsy
