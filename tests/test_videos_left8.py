"""left8: a video that cannot be written (its run folder moved away while training) fails the run in one line: the
recorder's frames are dropped, so RecordVideo does not also warn "Unable to save last video!" when collected."""

import gc
import shutil
import warnings

import gymnasium
import pytest

from gym_loop.loops.wrappers import wrapped

pytest.importorskip("moviepy")


def test_a_video_that_cannot_be_written_leaves_no_stray_warning(tmp_path, headless):
    env = gymnasium.make("CartPole-v1", render_mode="rgb_array")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        with pytest.raises(OSError):
            with wrapped(env, None, record=True, video_dir=str(tmp_path / "run" / "videos")) as recorded:
                recorded.reset(seed=0)
                recorded.step(0)
                shutil.rmtree(tmp_path / "run")  # as after mv runs/a runs/b: the path names no folder
                recorded.reset()  # writes episode 0's video
        env.close()
        del recorded
        gc.collect()
    assert not [str(w.message) for w in caught if "Unable to save last video" in str(w.message)]
