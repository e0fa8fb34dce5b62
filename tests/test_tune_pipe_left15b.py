"""left15b: ``gym-loop tune --space <(printf ...)`` read the space file three times; a pipe is empty after the
first read, so the tune was refused with "/dev/fd/63 is empty and not a regular file" (tester14h-2)."""

import shutil
import subprocess
from pathlib import Path

import pytest

from tests.conftest import GYM_LOOP

pytest.importorskip("optuna")
LAKE = Path(__file__).parent.parent / "examples" / "q_learning_frozen_lake.yaml"
SPACE = r"agent.parameters.learning_rate: {float: [0.01, 1.0], log: true}\n"


@pytest.mark.skipif(not shutil.which("bash"), reason="needs bash for <(...)")
def test_a_space_from_a_pipe_is_read_once(tmp_path):
    budget = ("--set loop.parameters.max_episodes=10 --set loop.parameters.episodes_per_eval=5 "
              "--set loop.parameters.eval_episodes=2 --set loop.parameters.reward_threshold=null")
    for trials in (1, 2):  # a new tune, then the same continued: its copy of the space is the pipe's
        done = subprocess.run(["bash", "-c", f"'{GYM_LOOP}' -q tune -c '{LAKE}' --space <(printf '{SPACE}') "
                                             f"--trials {trials} --seeds 0 --tunes-dir tunes --name t {budget}"],
                              cwd=tmp_path, capture_output=True, text=True, timeout=120)
        assert done.returncode == 0, done.stderr
    assert "learning_rate" in (tmp_path / "tunes" / "t" / "space.yaml").read_text()
    assert len((tmp_path / "tunes" / "t" / "trials.csv").read_text().splitlines()) == 3
