"""The Gymnasium wrappers a loop puts around its env (a time limit, video recording, a window), and the check
of an action against a space that both loops' failure messages use."""

import contextlib
import warnings
from typing import Any, Callable, Iterator, Optional

from gym_loop.errors import GymLoopError


def in_space(space: Any, action: Any) -> bool:
    """Whether ``action`` is one of ``space``, for a failure's message (an agent's bad action or the env's own
    failure): a ``contains`` that raises says no."""
    try:
        return bool(space.contains(action))
    except Exception:
        return False


def shorter_limit(spec: Any, max_episode_len: Optional[int]) -> Optional[int]:
    """``max_episode_len`` if it is shorter than the time limit of the env's ``spec`` (or there is none), else None.

    The one rule for ``max_episode_len`` in both loops: it never lengthens an env's own limit.
    """
    limit = spec.max_episode_steps if spec is not None else None
    return max_episode_len if max_episode_len and (limit is None or max_episode_len < limit) else None


@contextlib.contextmanager
def wrapped(env: Any, max_episode_len: Optional[int], render: bool = False, record: bool = False, video_dir: str = "",
            episode_trigger: Optional[Callable[[int], bool]] = None, first_episode: int = 0) -> Iterator[Any]:
    """``env`` truncating episodes at ``max_episode_len`` steps with Gymnasium's ``TimeLimit`` (unless its own
    limit is as short), recording videos and showing frames as asked, for a ``with`` block; at its end the video
    of the episode in progress is written (RecordVideo itself writes it only on the next reset).

    Videos are numbered (and chosen by ``episode_trigger``) from ``first_episode``, the index of the first
    episode played in the block: a resumed run continues its own numbering instead of overwriting its videos.

    Raises:
        GymLoopError: The env was not made with the ``render_mode`` that recording or rendering needs.
    """
    limit, recorder = shorter_limit(getattr(env, "spec", None), max_episode_len), None
    if limit is not None:
        from gymnasium.wrappers import TimeLimit

        env = TimeLimit(env, limit)
    mode = getattr(env, "render_mode", None)
    if record:
        if mode != "rgb_array":
            raise GymLoopError(f"recording needs the env made with render_mode='rgb_array', not {mode!r}")
        from gymnasium.wrappers import RecordVideo

        with warnings.catch_warnings():
            if first_episode:  # the folder holds this run's earlier videos, which keep their names
                warnings.filterwarnings("ignore", message=".*Overwriting existing videos")
            env = recorder = RecordVideo(env, str(video_dir), episode_trigger=episode_trigger)
        recorder.episode_id = first_episode - 1  # RecordVideo counts resets from -1
    if render and mode == "rgb_array":
        from gymnasium.wrappers import HumanRendering

        env = HumanRendering(env)
    elif render and mode != "human":
        raise GymLoopError(f"rendering needs the env made with render_mode='human', not {mode!r}")
    failed = False
    try:
        yield env
    except Exception:
        failed = True
        raise
    finally:
        if recorder is not None and recorder.recording:
            try:
                recorder.stop_recording()
            except Exception:  # a video that cannot be written (its run folder moved away)
                recorder.recorded_frames = []  # dropped: RecordVideo would also warn when collected
                if not failed:  # else the block's own error says it; a loop's generator closed ends it as planned
                    raise
