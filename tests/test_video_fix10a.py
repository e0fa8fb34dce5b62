"""tester10a-2: recording with a DISPLAY set where no X server answers (a stale ssh -X) draws off-screen as without
a display, so SDL prints no stray "error: XDG_RUNTIME_DIR is invalid ..." line."""

import os
import subprocess

import pytest
from conftest import GYM_LOOP, make_spec, write_spec

from gym_loop.gym_loop import x_server_answers


def test_recording_on_a_dead_display_prints_no_sdl_error(tmp_path):
    pytest.importorskip("moviepy")
    pytest.importorskip("pygame")
    assert not x_server_answers(":97")  # no X server on this test machine's display 97
    write_spec(tmp_path / "v.yaml", make_spec(max_episodes=1, eval_episodes=1, max_episode_len=10))
    dead = {**{key: value for key, value in os.environ.items()
               if key not in ("WAYLAND_DISPLAY", "XDG_RUNTIME_DIR", "SDL_VIDEODRIVER")}, "DISPLAY": ":97"}
    result = subprocess.run([GYM_LOOP, "-q", "eval", "-c", "v.yaml", "-s", "loop.parameters.eval_record=true"],
                            cwd=tmp_path, capture_output=True, text=True, env=dead, timeout=300)
    assert (result.returncode, result.stderr) == (0, "")
    assert len(list((tmp_path / "eval_records").glob("*/rl-video-episode-0.mp4"))) == 1
