"""The Gymnasium wrappers a loop puts around its env: a time limit, video recording, a window."""

from typing import Any, Callable, Optional, Tuple

from gym_loop.errors import GymLoopError


def shorter_limit(spec: Any, max_episode_len: Optional[int]) -> Optional[int]:
    """``max_episode_len`` if it is shorter than the time limit of the env's ``spec`` (or there is none), else None.

    The one rule for ``max_episode_len`` in both loops: it never lengthens an env's own limit.
    """
    limit = spec.max_episode_steps if spec is not None else None
    return max_episode_len if max_episode_len and (limit is None or max_episode_len < limit) else None


def time_limited(env: Any, max_episode_len: Optional[int]) -> Any:
    """``env`` truncating episodes at ``max_episode_len`` steps with Gymnasium's ``TimeLimit``,
    unless its own limit (``max_episode_steps``) is as short (VectorLoop passes the shorter to ``make_vec``)."""
    limit = shorter_limit(getattr(env, "spec", None), max_episode_len)
    if limit is None:
        return env
    from gymnasium.wrappers import TimeLimit

    return TimeLimit(env, limit)


def wrapped(env: Any, max_episode_len: Optional[int], render: bool, record: bool, video_dir: str,
            episode_trigger: Optional[Callable[[int], bool]]) -> Tuple[Any, Any]:
    """``env`` time-limited, recording videos and showing frames as asked; returns (env, video recorder or None).

    Raises:
        GymLoopError: The env was not made with the ``render_mode`` that recording or rendering needs.
    """
    env, recorder = time_limited(env, max_episode_len), None
    mode = getattr(env, "render_mode", None)
    if record:
        if mode != "rgb_array":
            raise GymLoopError(f"recording needs the env made with render_mode='rgb_array', not {mode!r}")
        from gymnasium.wrappers import RecordVideo

        env = recorder = RecordVideo(env, str(video_dir), episode_trigger=episode_trigger)
    if render and mode == "rgb_array":
        from gymnasium.wrappers import HumanRendering

        env = HumanRendering(env)
    elif render and mode != "human":
        raise GymLoopError(f"rendering needs the env made with render_mode='human', not {mode!r}")
    return env, recorder


def finish_recording(recorder: Any) -> None:
    """Write the video of the episode in progress, which RecordVideo only writes on the next reset."""
    if recorder is not None and recorder.recording:
        recorder.stop_recording()
