"""tester13f-7: a SIGTERM or Ctrl-C sent to the whole process group (a scheduler's kill of the job, a terminal's
Ctrl-C) while a video is written reached ffmpeg too and killed it mid-file: the run failed with no checkpoint. The
signals now wait until the video is written; the run then stops as it does without recording."""

import json
import signal
import subprocess
import sys

import pytest
from conftest import make_spec, write_spec

# Runs gym-loop's CLI in a session of its own and sends the signal to that whole session the moment the
# encoder has started (the worst moment: the encoder is then sure to get it too).
DRIVER = """
import os, signal, subprocess, sys
popen = subprocess.Popen.__init__
def sent_when_encoding(self, args, *rest, **kwargs):
    popen(self, args, *rest, **kwargs)
    if "rawvideo" in args and not os.environ.get("SENT"):
        os.environ["SENT"] = "1"
        os.killpg(0, int(sys.argv[1]))
subprocess.Popen.__init__ = sent_when_encoding
from gym_loop.cli import main
main(sys.argv[2:], prog_name="gym-loop")
"""


@pytest.mark.parametrize("number", [signal.SIGTERM, signal.SIGINT])
def test_a_group_signal_while_a_video_is_written_stops_the_run_as_without_recording(tmp_path, number):
    pytest.importorskip("moviepy")
    write_spec(tmp_path / "v.yaml", make_spec(max_episodes=50, max_episode_len=10, record=True,
                                              episodes_per_checkpoint=1000, eval_episodes=1))
    result = subprocess.run([sys.executable, "-c", DRIVER, str(int(number)), "-q", "train", "-c", "v.yaml",
                             "--run-dir", "run"], cwd=tmp_path, capture_output=True, text=True, timeout=300,
                            start_new_session=True)
    record = json.loads((tmp_path / "run" / "run.json").read_text())
    assert record["status"] == "interrupted", (record, result.stderr)
    assert result.returncode == 128 + number, result.stderr
    assert (tmp_path / "run" / "checkpoints" / "latest").exists()
    videos = sorted((tmp_path / "run").rglob("*.mp4"))
    assert videos and all(video.stat().st_size > 0 for video in videos)
