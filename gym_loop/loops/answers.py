"""How the loops check the env's and the agent's answers, and show a bad one in a one-line message.

Only ``reset_pair`` runs on every episode; the rest runs once a step has failed or an episode has ended.
"""

import logging
import reprlib
import weakref
from typing import Any, Callable, Dict, List, Optional, Tuple

from gym_loop.errors import GymLoopError
from gym_loop.loops.wrappers import in_space

logger = logging.getLogger(__name__)
_TOLD: "weakref.WeakSet[Any]" = weakref.WeakSet()  # loops whose agent's update returned something, said once each


class ResetError(GymLoopError):
    """An env's ``reset`` returned something else than Gymnasium's ``(obs, info)``."""


def reset_pair(result: Any, episode: int) -> Tuple[Any, Dict[str, Any]]:
    """``env.reset``'s ``result``, checked to be Gymnasium's pair ``(obs, info)`` (an old gym ``reset`` returning
    the observation alone would be unpacked silently when it has two elements).

    Raises:
        ResetError: ``result`` is not a pair whose second item is a dict; the message says what it is.
    """
    if isinstance(result, tuple) and len(result) == 2 and isinstance(result[1], dict):
        return result
    shape = getattr(result, "shape", None)
    what = (f"a pair whose second item is {type(result[1]).__name__}, not the info dict"
            if isinstance(result, tuple) and len(result) == 2 else
            f"a tuple of {len(result)} items" if isinstance(result, tuple) else
            f"{type(result).__name__}" + (f" of shape {shape}" if shape is not None else ""))
    raise ResetError(f"env.reset returned {what} at episode {episode}; Gymnasium's reset returns a pair (obs, info) "
                     "(an env written for the old gym API? make its reset return obs, {})")


def check_env(env: Any, loop: str, name: str = "env") -> None:
    """Refuse what is not one Gymnasium env as the loop's ``name`` argument, in the words a Python caller needs (the
    CLI makes the envs itself).

    Raises:
        GymLoopError: ``env`` is an env id, a vector env, or anything else without spaces.
    """
    import gymnasium

    if isinstance(env, gymnasium.vector.VectorEnv):
        raise GymLoopError(f"{name} {type(env).__name__} is a vector env; {loop} takes one env, as gymnasium.make(id) "
                           "makes it (VectorLoop makes its num_envs copies of it)")
    if not (hasattr(env, "action_space") and hasattr(env, "step")):
        made = f"gymnasium.make({env!r})" if isinstance(env, str) else "gymnasium.make(id)"
        raise GymLoopError(f"{name}: expected a Gymnasium env, got {shown(env)}; pass {made}")


def ignored_update(loop: Any, returned: Any) -> None:
    """``agent.update`` returned ``returned`` (not None) under ``loop``: say once per loop that it is ignored."""
    if loop not in _TOLD:
        _TOLD.add(loop)
        logger.warning("agent.update returned %s (a %s), which gym-loop ignores; to log it, return it from "
                       "agent.metrics(episode_num) (warned once)", reprlib.repr(returned), type(returned).__name__)


class ActionError(GymLoopError):
    """An agent's ``act`` returned what is not an action of the env's space; the message says which, and the fix."""


def first_checked(act: Callable[[Any, Any], Any], space: Any) -> Callable[[Any, Any], Any]:
    """``act``, its first action checked to be one of ``space``: the rule of both loops for the agent's first action
    of each training and each evaluation (a torch tensor for a Discrete space is refused at step 1, even by an env
    that would take it; later actions are checked when ``env.step`` fails). One more call a step until a loop
    stops asking it, after the first episode.

    Raises:
        ActionError: The first action is not one of ``space``: ``agent.act returned ..., not an action of ...,
            at episode <n>, step 1``.
    """
    pending = True

    def checked(obs: Any, episode: Any) -> Any:
        nonlocal pending
        action = act(obs, episode)
        if pending:
            pending = False
            if not acceptable(space, action):
                raise ActionError(f"agent.act returned {shown(action)}, not an action of {space}"
                                  f"{action_fix(action, space)}, at episode {episode}, step 1")
        return action
    return checked


def acceptable(space: Any, action: Any) -> bool:
    """Whether the first-action check takes ``action`` for ``space``: one of it, or a NumPy array of another dtype of
    the same kind as a ``Box``'s that is one once cast (float64 for float32, as NumPy computes), as Gymnasium's envs
    take it and ``Box.contains`` takes a list: its own values in the bounds, none changed by the cast but for a
    float's precision (an int64 300 wraps to 44 as int8; a float64 1e39 overflows to inf as float32). The same rule
    holds for each part of a ``Tuple`` or ``Dict`` action, at every level."""
    import numpy as np
    from gymnasium.spaces import Box

    if in_space(space, action, quiet=True):
        return True
    parts = _parts(space, action)
    if parts is not None:
        return all(acceptable(part_space, part) for _, part_space, part in parts)
    if not (isinstance(space, Box) and isinstance(action, np.ndarray) and action.dtype.kind in "biuf"
            and np.can_cast(action.dtype, space.dtype, "same_kind")):
        return False
    with np.errstate(over="ignore", invalid="ignore"):  # no RuntimeWarning line: an overflow is refused below
        cast = action.astype(space.dtype)
    kept = np.isinf(cast) == np.isinf(action) if space.dtype.kind == "f" else cast == action
    return in_space(space, cast) and bool(np.all(kept) and np.all(action >= space.low) and np.all(action <= space.high))


def _parts(space: Any, action: Any) -> Optional[List[Tuple[Any, Any, Any]]]:
    """``(index or key, its space, the part)`` of each part of a ``Tuple`` or ``Dict`` ``action`` that has as many
    parts as ``space`` (a list for a Tuple too, as ``Tuple.contains`` takes it), the same keys; else None."""
    from gymnasium.spaces import Dict as DictSpace, Tuple as TupleSpace

    if isinstance(space, TupleSpace) and isinstance(action, (tuple, list)) and len(action) == len(space.spaces):
        return list(zip(range(len(action)), space.spaces, action))
    if isinstance(space, DictSpace) and isinstance(action, dict) and action.keys() == space.spaces.keys():
        return [(key, part_space, action[key]) for key, part_space in space.spaces.items()]
    return None


def shown(value: Any, text: Optional[str] = None) -> str:
    """``value`` (or its ``text``) for a one-line message: a 2-D array's rows on one line, and its shape."""
    text = one_line(repr(value) if text is None else text)
    shape = getattr(value, "shape", None)
    return f"{text} (shape {tuple(shape)})" if isinstance(shape, tuple) and len(shape) > 1 else text


def cast_note(action: Any, space: Any) -> str:
    """For env.step's failure after ``action``, one of ``space`` only once cast (:func:`acceptable`, which the
    first-action check and the blame take): `` (...)`` saying how to cast it, in case the env needs the space's own
    dtype; else ''. The failure stays the env's: its own bug is not the action's (tester15b-8)."""
    if in_space(space, action, quiet=True) or not acceptable(space, action):
        return ""
    fix = action_fix(action, space)
    return f" (agent.act returned {shown(action)}, which the env may refuse: {fix[2:-1] or 'cast it to the space'})"


def action_fix(action: Any, space: Any) -> str:
    """Why ``action`` is not one of ``space`` and how to fix it, for the usual slips (``q.argmax()``: a tensor or an
    array of one number for a Discrete space; a tensor for another space; Stable-Baselines3's ``predict()`` pair; a
    Box's or a MultiDiscrete's shape, dtype, NaN or bounds; which part of a Tuple or Dict action, and why), as
    `` (...)``; else ''."""
    from gymnasium.spaces import Tuple as TupleSpace

    if isinstance(action, tuple) and len(action) == 2 and action[1] is None and not isinstance(space, TupleSpace):
        return " (Stable-Baselines3's predict() returns (action, state): return its [0])"
    problem = _problem(action, space, "action", "self.action_space", "return {}")
    return f" ({problem})" if problem else ""


def _problem(action: Any, space: Any, name: str, space_name: str, give: str) -> str:
    """Why ``action`` (spelt ``name`` in a fix, its space ``space_name``) is not one of ``space`` and what to
    ``give`` instead (``return {}``; ``use {}`` for a part); '' when there is no more to say."""
    from gymnasium.spaces import Dict as DictSpace, Discrete, Tuple as TupleSpace

    if isinstance(space, TupleSpace) and isinstance(action, (tuple, list)) and len(action) != len(space.spaces):
        return f"it has {len(action)} part{'' if len(action) == 1 else 's'}, the space {len(space.spaces)}"
    if isinstance(space, DictSpace) and isinstance(action, dict) and action.keys() != space.spaces.keys():
        return f"its keys are {list(action)}, the space's {list(space.spaces)}"
    parts = _parts(space, action) or []
    refused = [item for item in parts if not acceptable(*item[1:])] or [  # else one the env refused once cast
        item for item in parts if not in_space(*item[1:], quiet=True)]
    if refused:
        label, part_space, part = refused[0]
        index = f"[{label!r}]"
        why = _problem(part, part_space, name + index, space_name + index, "use {}")
        return (f"its {f'part {label}' if isinstance(space, TupleSpace) else repr(label)}, {shown(part)}, is not "
                f"an action of {part_space}" + (f": {why}" if why else ""))
    if (plain := _plain_problem(action, space, name, space_name, give)) is not None:
        return plain
    torch = type(action).__module__.split(".")[0] == "torch"
    size = action.numel() if torch and callable(getattr(action, "numel", None)) else getattr(action, "size", None)
    if isinstance(space, Discrete) and size == 1 and callable(getattr(action, "item", None)):
        return give.format(f"int({name}) or {name}.item()")
    if torch:
        return give.format(f"{name}.detach().cpu().numpy()")
    return box_fix(action, space, name, space_name, give) if type(space).__name__ in ("Box", "MultiDiscrete") else ""


def _plain_problem(action: Any, space: Any, name: str, space_name: str, give: str) -> Optional[str]:
    """Why a plain number is not one of a ``Discrete`` (outside its values; a float), or a string not one of a
    ``Text`` (its length), with what to ``give`` (see :func:`_problem`); None for anything else."""
    from numbers import Integral, Real

    from gymnasium.spaces import Discrete, Text

    if isinstance(space, Discrete) and isinstance(action, Real) and not isinstance(action, bool):
        start, last = int(space.start), int(space.start + space.n - 1)
        if isinstance(action, Integral) or float(action).is_integer():
            if not start <= action <= last:
                how = give.format(f"an int from {space_name}.start to start + n - 1")
                return f"a Discrete's actions are {start} to {last}: {how}"
            return None if isinstance(action, Integral) else give.format(f"int({name})")
    if isinstance(space, Text) and isinstance(action, str) and not space.min_length <= len(action) <= space.max_length:
        bound = f"max_length {space.max_length}" if len(action) > space.max_length else f"min_length {space.min_length}"
        return f"its length {len(action)} is beyond the space's {bound}"
    return None


def box_fix(action: Any, space: Any, name: str, space_name: str, give: str) -> str:
    """Why a number or an array ``action`` is not one of the Box or MultiDiscrete ``space`` (its shape, a dtype that
    cannot be cast safely, NaN, the bounds) and what to ``give`` instead (see :func:`_problem`); else ''."""
    import numpy as np

    try:
        array = np.asarray(action)
    except Exception:  # noqa: BLE001 (a ragged list: no fix to name)
        return ""
    if array.dtype.kind not in "biuf":
        return ""
    if array.shape != space.shape:
        how = (f"np.reshape({name}, {space.shape})" if array.size == int(np.prod(space.shape)) else
               f"an array of shape {space.shape}")
        return f"its shape is {array.shape}, the space's {space.shape}: {give.format(how)}"
    cast = f"astype(np.{space.dtype})"
    how = f"np.rint({name}).{cast}" if array.dtype.kind == "f" and space.dtype.kind != "f" else f"{name}.{cast}"
    dtype = (f"its dtype {array.dtype} cannot be cast safely to the space's {space.dtype}: {give.format(how)}"
             if isinstance(action, np.ndarray) and not np.can_cast(array.dtype, space.dtype) else "")
    if dtype and not np.can_cast(array.dtype, space.dtype, "same_kind"):  # float for an int Box: before its values
        return dtype
    if array.dtype.kind == "f" and np.isnan(array).any():
        return ("it holds NaN: find where act's values turn NaN, e.g. a network diverging (lower its learning rate) "
                "or a division by zero, and fix it there")
    box = type(space).__name__ == "Box"
    low, high = (space.low, space.high) if box else (space.start, space.start + space.nvec - 1)
    if not (np.all(array >= low) and np.all(array <= high)):
        bounds = (f"{space_name}.low, {space_name}.high" if box else
                  f"{space_name}.start, {space_name}.start + {space_name}.nvec - 1")
        return (f"it is outside the space's {'bounds' if box else 'values'}: "
                f"{give.format(f'np.clip({name}, {bounds})')}")
    return dtype  # float64 for float32: refused by an env of its own (the first-action check takes it)


def one_line(text: str) -> str:
    """``text`` on one line: each line break and the indent after it made one space."""
    return " ".join(line.strip() for line in text.splitlines())


def is_flag(value: Any) -> bool:
    """Whether ``value`` is a flag as ``env.step`` returns them: a bool, NumPy's, 0 or 1, or an array of one of them."""
    if value is True or value is False:
        return True
    if getattr(getattr(value, "dtype", None), "kind", None) in ("b", "i", "u") and getattr(value, "size", 0) == 1:
        value = value.item()
    return isinstance(value, int) and value in (0, 1)


def check_last_step(reward: Any, terminated: Any, truncated: Any, episode: int, length: int) -> None:
    """Refuse the last step of an episode (checked once per episode, not per step) whose flags are not True or False,
    or whose reward is a string that ``float()`` parsed (``"1"``).

    Raises:
        GymLoopError: ``env.step returned ...``, naming the value, the episode and the step.
    """
    if isinstance(reward, (str, bytes)):
        raise GymLoopError(f"env.step returned reward {reward!r} at episode {episode}, step {length}; "
                           "a reward must be a number")
    for name, flag in (("terminated", terminated), ("truncated", truncated)):
        if not is_flag(flag):  # "False" is true: the episode ended after one step
            raise GymLoopError(f"env.step returned {name} {shown(flag)} ({type(flag).__name__}) at episode "
                               f"{episode}, step {length}; terminated and truncated must be True or False")


def unpacked(error: BaseException) -> Optional[str]:
    """What ``env.step`` returned, for a message, when ``error`` is the failure of a loop or a Gymnasium wrapper
    (``TimeLimit``) to unpack it into five names (``4 values``: the old gym API's step); else None."""
    import os
    import traceback

    import gymnasium

    text = str(error)
    if not isinstance(error, (ValueError, TypeError)) or "unpack" not in text:
        return None
    where = list(traceback.walk_tb(error.__traceback__))[-1][0].f_code  # the frame that unpacked
    if not where.co_filename.startswith((os.path.dirname(gymnasium.__file__), os.path.dirname(__file__))):
        return None  # the env's own code
    got = text.rsplit("got ", 1)[-1].rstrip(")") if "got " in text else ""
    return (f"{got} values" if got.isdigit() else "more than 5 values" if text.startswith("too many") else
            f"{text.rsplit('non-iterable ', 1)[-1].replace(' object', '')} (not a tuple)")


def render_failed(error: BaseException, training: bool, where: str) -> Optional[GymLoopError]:
    """The error for ``error`` of ``env.reset`` or ``env.step`` if it is the env's ``render()`` failing under a
    Gymnasium wrapper that calls it in them (``RecordVideo``: ``record``, or ``eval_record`` if not ``training``),
    else None: the user's reset and step are not to blame."""
    import os
    import traceback

    import gymnasium

    frames = [frame for frame, _ in traceback.walk_tb(error.__traceback__)]
    caller = next((frame for frame, callee in zip(frames, frames[1:]) if callee.f_code.co_name == "render"), None)
    if caller is None or not caller.f_code.co_filename.startswith(os.path.dirname(gymnasium.__file__)):
        return None
    classes = type(caller.f_locals.get("self")).__mro__  # gym-loop's Recorder is named as the RecordVideo it is
    wrapper = next((cls.__name__ for cls in classes if cls.__module__.startswith("gymnasium.")), classes[0].__name__)
    flag = ("record" if training else "eval_record") if wrapper == "RecordVideo" else None
    return GymLoopError(f"env.render failed (called by Gymnasium's {wrapper}{f', {flag}: true' if flag else ''}) "
                        f"{where}: {type(error).__name__}: {one_line(str(error))}; fix the env's render()"
                        + (f", or set {flag}: false" if flag else ""))


def step_arity(what: str, where: str) -> GymLoopError:
    """The error for an ``env.step`` that returned ``what`` (``4 values``), not Gymnasium's five; ``where``: at which
    episode and step, in the loop's words."""
    old = " (an env written for the old gym API? return obs, reward, terminated, False, info)" * (what == "4 values")
    return GymLoopError(f"env.step returned {what} {where}; Gymnasium's step returns obs, reward, terminated, "
                        f"truncated, info{old}")


def float_like(reward: Any) -> bool:
    """Whether ``reward`` is a number for ``float()`` (for a failure's message: the hot loop only calls it); a
    string is not, though ``float("1")`` parses it."""
    if isinstance(reward, (str, bytes)):
        return False
    try:
        float(reward)
    except Exception:
        return False
    return True
