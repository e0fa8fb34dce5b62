"""fix15a: a checkpoint whose loop.npz is missing, or lacks an array its state.json refers to, is named damaged
(tester15a-10), not a KeyError blamed on the loop's restore()."""

import re

import numpy as np
import pytest

from gym_loop.errors import GymLoopError
from gym_loop.gym_loop import train_agent
from test_loops_fix9b2 import _spec


def test_a_missing_loop_npz_is_a_damaged_checkpoint(tmp_path):
    spec = _spec("BigState", episodes_per_eval=None, episodes_per_checkpoint=1, max_episodes=2)
    spec["loop"]["class"] = "test_loops_fix9b2:BigState"
    train_agent(spec, run_dir=tmp_path / "r")
    checkpoint = next((tmp_path / "r" / "checkpoints").glob("agent-000002*"))
    longer = {**spec, "loop": {**spec["loop"], "parameters": {**spec["loop"]["parameters"], "max_episodes": 3}}}
    np.savez(checkpoint / "loop.npz", other=np.zeros(2))
    with pytest.raises(GymLoopError, match=re.escape("loop.npz lacks the array a0 that state.json refers to; the "
                                                     "checkpoint is damaged: write the name of an earlier checkpoint "
                                                     "folder (agent-000001")):
        train_agent(longer, resume=tmp_path / "r")
    (checkpoint / "loop.npz").unlink()
    with pytest.raises(GymLoopError, match=re.escape("loop.npz is missing (state.json refers to it); the checkpoint "
                                                     "is damaged")):
        train_agent(longer, resume=tmp_path / "r")
