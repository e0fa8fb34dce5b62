"""Gymnasium's RecordVideo, its videos written out of reach of the signals that stop a run."""

import signal

from gymnasium.wrappers import RecordVideo

# A terminal's Ctrl-C and a scheduler's kill of a job go to the whole process group, so they also reach the ffmpeg
# that writes a video and kill it mid-file, which failed the run. Blocked while a video is written, they wait here
# until it is (ffmpeg inherits the blocked mask, so its copies never arrive), then reach the run's handlers: the run
# stops as it does without recording.
STOPPING = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)


class Recorder(RecordVideo):
    """RecordVideo whose ``stop_recording`` (which writes the video) holds SIGINT, SIGTERM and SIGHUP until done."""

    def stop_recording(self) -> None:
        held = signal.pthread_sigmask(signal.SIG_BLOCK, STOPPING)
        try:
            super().stop_recording()
        finally:
            signal.pthread_sigmask(signal.SIG_SETMASK, held)
