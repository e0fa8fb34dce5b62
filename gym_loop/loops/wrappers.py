"""The Gymnasium wrappers a loop puts around its env (a time limit, video recording, a window), the check
of an action against a space that both loops' failure messages use, the closing of an env, and the running
statistics that wrappers on the env learn (NormalizeObservation's, NormalizeReward's), as plain data."""

import contextlib
import logging
import warnings
from typing import Any, Callable, Dict, Iterator, List, Optional

from gym_loop.errors import GymLoopError, warned_failure

logger = logging.getLogger(__name__)


def close_env(env: Any) -> None:
    """``env.close()``; its failure is a one-line warning, not the run's: what was played is done and saved, and
    an error already on its way out (a failure, a signal) stays the one reported."""
    with warned_failure("env.close() failed"):
        env.close()


def learning_wrappers(env: Any) -> List[Any]:
    """The wrappers on ``env``'s chain that learn as it is played, outermost first: those holding a running mean
    and variance (Gymnasium's ``RunningMeanStd``: NormalizeObservation's ``obs_rms``, NormalizeReward's
    ``return_rms``, their vector forms'). Other stateful wrappers' state is not seen (docs/runs.rst)."""
    import gymnasium
    from gymnasium.wrappers.utils import RunningMeanStd

    from gym_loop.state import attribute_values  # not vars(env), which makes every step slower (see there)

    found = []
    while isinstance(env, (gymnasium.Wrapper, gymnasium.vector.VectorWrapper)):
        if any(isinstance(value, RunningMeanStd) for value in attribute_values(env)):
            found.append(env)
        env = env.env
    return found


def learned_state(env: Any, wrappers: Optional[List[Any]] = None) -> List[Dict[str, Any]]:
    """What :func:`learning_wrappers` learned, one dict per wrapper: its class name (``wrapper``), each running
    statistic as ``{"mean", "var", "count"}`` and its NumPy arrays (NormalizeReward's ``discounted_reward``).
    ``wrappers``: ``learning_wrappers(env)``, if the caller found them already."""
    import numpy as np
    from gymnasium.wrappers.utils import RunningMeanStd

    def copied(value: Any) -> Any:
        if isinstance(value, RunningMeanStd):
            return {"mean": np.array(value.mean), "var": np.array(value.var), "count": float(value.count)}
        return np.array(value)
    return [{"wrapper": type(wrapper).__name__, **{name: copied(value) for name, value in vars(wrapper).items()
                                                   if isinstance(value, (RunningMeanStd, np.ndarray))}}
            for wrapper in (learning_wrappers(env) if wrappers is None else wrappers)]


def restore_learned(env: Any, saved: Optional[List[Dict[str, Any]]], what: str, frozen: bool = False) -> None:
    """Put the statistics of :func:`learned_state` (``saved``; None: a checkpoint without them) back on ``env``'s
    wrappers, which stop learning if ``frozen`` (an evaluation). ``what`` names where ``saved`` comes from.

    Raises:
        GymLoopError: ``saved`` is of other wrappers than ``env`` has (the env's module changed).
    """
    import numpy as np
    from gymnasium.wrappers.utils import RunningMeanStd

    wrappers = learning_wrappers(env)
    names = [type(wrapper).__name__ for wrapper in wrappers]
    if saved is None:
        if wrappers:
            logger.warning("%s holds no running statistics of the env's %s (a VectorLoop run's, or an older "
                           "gym-loop's): they start afresh", what, ", ".join(names))
    elif (kept := [state["wrapper"] for state in saved]) != names:
        raise GymLoopError(f"{what} holds the running statistics of the env wrappers {kept}, but the env now has "
                           f"{names}; use the env the run trained on")
    for wrapper, state in zip(wrappers, saved or ()):
        for name, value in state.items():
            current = getattr(wrapper, name, None)
            if isinstance(current, RunningMeanStd):
                current.mean, current.var = np.array(value["mean"]), np.array(value["var"])
                current.count = value["count"]
            elif name != "wrapper":
                setattr(wrapper, name, np.array(value))
    for wrapper in wrappers if frozen else ():
        if isinstance(getattr(type(wrapper), "update_running_mean", None), property):
            wrapper.update_running_mean = False


@contextlib.contextmanager
def closed(env: Any) -> Iterator[Any]:
    """``env`` for a ``with`` block, closed at its end with :func:`close_env`."""
    try:
        yield env
    finally:
        close_env(env)


def in_space(space: Any, action: Any, quiet: bool = False) -> bool:
    """Whether ``action`` is one of ``space``: a ``contains`` that raises says no. ``quiet`` (where a user's action is
    judged once: the first action, a failure's message) hides Gymnasium's warning of a cast (a list for a Box) by its
    logger's level: ``warnings.catch_warnings`` would make Python show again each warning it has shown once."""
    try:
        if not quiet:  # per batch in VectorLoop's warm-up: plain
            return bool(space.contains(action))
        from gymnasium import logger as gym_logger

        level, gym_logger.min_level = gym_logger.min_level, gym_logger.ERROR
        try:
            return bool(space.contains(action))
        finally:
            gym_logger.min_level = level
    except Exception:
        return False


def shorter_limit(spec: Any, max_episode_len: Optional[int]) -> Optional[int]:
    """``max_episode_len`` if it is shorter than the time limit of the env's ``spec`` (or there is none), else None.

    The one rule for ``max_episode_len`` in both loops: it never lengthens an env's own limit.
    """
    limit = spec.max_episode_steps if spec is not None else None
    return max_episode_len if max_episode_len and (limit is None or max_episode_len < limit) else None


def check_render_mode(env: Any, render: bool, record: bool) -> Any:
    """The env's ``render_mode``, refused if recording (``rgb_array``) or rendering (``human``, or ``rgb_array``
    shown in a window of gym-loop's) needs another; a run checks it before it writes any file.

    Raises:
        GymLoopError: The env was not made with the ``render_mode`` that recording or rendering needs.
    """
    mode = getattr(env, "render_mode", None)
    if record and mode != "rgb_array":
        raise GymLoopError(f"recording needs the env made with render_mode='rgb_array', not {mode!r}; make it with "
                           "gymnasium.make(name, render_mode=\"rgb_array\")")
    if render and mode not in ("human", "rgb_array"):
        raise GymLoopError(f"rendering needs the env made with render_mode='human', not {mode!r}; make it with "
                           "gymnasium.make(name, render_mode=\"human\")")
    return mode


@contextlib.contextmanager
def wrapped(env: Any, max_episode_len: Optional[int], render: bool = False, record: bool = False, video_dir: str = "",
            episode_trigger: Optional[Callable[[int], bool]] = None, first_episode: int = 0) -> Iterator[Any]:
    """``env`` truncating episodes at ``max_episode_len`` steps with Gymnasium's ``TimeLimit`` (unless its own
    limit is as short), recording videos and showing frames as asked, for a ``with`` block; at its end the video
    of the episode in progress is written (RecordVideo itself writes it only on the next reset). Under a wrapper
    that rescales rewards (NormalizeReward), a :class:`~gym_loop.loops.raw_returns.RawReturn` sums the task's
    rewards for the block (:func:`~gym_loop.loops.raw_returns.raw_return_of` finds it), taken out at its end.

    Videos are numbered (and chosen by ``episode_trigger``) from ``first_episode``, the index of the first
    episode played in the block: a resumed run continues its own numbering instead of overwriting its videos.

    Raises:
        GymLoopError: The env was not made with the ``render_mode`` that recording or rendering needs.
    """
    limit, recorder = shorter_limit(getattr(env, "spec", None), max_episode_len), None
    if limit is not None:
        from gymnasium.wrappers import TimeLimit

        env = TimeLimit(env, limit)
    mode = check_render_mode(env, render, record)
    if record:
        from gym_loop.loops.recorder import Recorder

        with warnings.catch_warnings():
            if first_episode:  # the folder holds this run's earlier videos, which keep their names
                warnings.filterwarnings("ignore", message=".*Overwriting existing videos")
            env = recorder = Recorder(env, str(video_dir), episode_trigger=episode_trigger)
        recorder.episode_id = first_episode - 1  # RecordVideo counts resets from -1
    if render and mode == "rgb_array":
        from gymnasium.wrappers import HumanRendering

        env = HumanRendering(env)
    from gym_loop.loops.raw_returns import put_raw_return

    failed, rescaled = False, put_raw_return(env)
    try:
        yield env
    except Exception:
        failed = True
        raise
    finally:
        if rescaled is not None:
            rescaled.env = rescaled.env.env  # the env given keeps its own chain
        if recorder is not None and recorder.recording:
            try:
                recorder.stop_recording()
            except Exception:  # a video that cannot be written (its run folder moved away)
                recorder.recorded_frames = []  # dropped: RecordVideo would also warn when collected
                if not failed:  # else the block's own error says it; a loop's generator closed ends it as planned
                    raise
