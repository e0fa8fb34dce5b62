"""Recording videos on a machine without a display writes them and prints nothing from SDL."""

import os
import subprocess

import pytest

from conftest import GYM_LOOP, make_spec, write_spec


def test_recording_without_a_display_prints_no_sdl_error(tmp_path):
    pytest.importorskip("moviepy")
    pytest.importorskip("pygame")
    write_spec(tmp_path / "v.yaml", make_spec(max_episodes=1, eval_episodes=1, max_episode_len=10))
    headless = {key: value for key, value in os.environ.items()
                if key not in ("DISPLAY", "WAYLAND_DISPLAY", "XDG_RUNTIME_DIR", "SDL_VIDEODRIVER")}
    result = subprocess.run([GYM_LOOP, "-q", "eval", "-c", "v.yaml", "-s", "loop.parameters.eval_record=true"],
                            cwd=tmp_path, capture_output=True, text=True, env=headless, timeout=300)
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""  # SDL's "error: XDG_RUNTIME_DIR is invalid or not set in the environment." no more
    assert len(list((tmp_path / "eval_records").glob("*/rl-video-episode-0.mp4"))) == 1
