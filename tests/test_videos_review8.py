"""review8: the last video of a loop's episodes, written when the loop's generator is closed (the end of training or
of an evaluation), fails in the open when it cannot be written; left8 dropped it without a word."""

import shutil

import gymnasium
import pytest

from gym_loop.loops.wrappers import wrapped

pytest.importorskip("moviepy")


def recorded_episodes(env, video_dir):
    """As DefaultLoop plays: an endless generator inside ``wrapped``, closed by its consumer."""
    with wrapped(env, None, record=True, video_dir=video_dir, episode_trigger=lambda episode: True) as recorded:
        while True:
            recorded.reset(seed=0)
            recorded.step(0)
            yield


def test_a_last_video_that_cannot_be_written_fails_when_the_episodes_are_closed(tmp_path, headless):
    env = gymnasium.make("CartPole-v1", render_mode="rgb_array")
    episodes = recorded_episodes(env, str(tmp_path / "run" / "videos"))
    next(episodes)
    shutil.rmtree(tmp_path / "run")  # as after mv runs/a runs/b
    with pytest.raises(OSError):
        episodes.close()
    env.close()
