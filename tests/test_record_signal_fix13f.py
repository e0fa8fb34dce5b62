"""record: true under a signal to the whole job (tester13f-7): the encoder is started apart from the run's process
group, and a video its stop broke is lost, not the run's checkpoint."""

import signal

import gymnasium
import pytest
from gymnasium.wrappers import RecordVideo

from gym_loop.loops.wrappers import wrapped
from gym_loop.schedule import on_signal


def broken_pipe(self):
    raise BrokenPipeError(32, "Broken pipe")


def test_a_video_the_stop_broke_is_dropped_with_a_warning(tmp_path, monkeypatch, caplog):
    pytest.importorskip("moviepy")
    monkeypatch.setattr(RecordVideo, "stop_recording", broken_pipe)
    env = gymnasium.make("CartPole-v1", render_mode="rgb_array")
    with wrapped(env, None, record=True, video_dir=str(tmp_path)) as recorded:
        recorded.reset(seed=0)
        recorded.step(0)
        monkeypatch.setattr(on_signal, "STOP_ASKED", signal.SIGTERM)
        recorded.reset()  # RecordVideo writes the video of the episode before
    assert any(record.getMessage().startswith("video rl-video-episode-0 not written (BrokenPipeError: ")
               for record in caplog.records)
    from moviepy.video.io import ffmpeg_writer

    assert ffmpeg_writer.cross_platform_popen_params({})["start_new_session"] is True


def test_a_video_that_fails_without_a_stop_fails_the_run(tmp_path, monkeypatch):
    pytest.importorskip("moviepy")
    monkeypatch.setattr(RecordVideo, "stop_recording", broken_pipe)
    env = gymnasium.make("CartPole-v1", render_mode="rgb_array")
    with pytest.raises(BrokenPipeError), wrapped(env, None, record=True, video_dir=str(tmp_path)) as recorded:
        recorded.reset(seed=0)
        recorded.step(0)
        recorded.reset()
