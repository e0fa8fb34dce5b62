"""The default save stores a replay list of arrays, or of tuples of them, as a few stacked arrays (tester4a #14)."""

import collections
import zipfile

import numpy as np
import pytest

from conftest import make_spec, run_cli, write_spec
from gym_loop.state import read_state, write_state

Transition = collections.namedtuple("Transition", "state action reward done next_state")  # at module level

BUFFER_AGENT = """
import numpy as np
from gym_loop.agents import BaseAgent


class Buffer(BaseAgent):
    \"\"\"Keeps every transition as a tuple of arrays and Python numbers, as DQN tutorials do.\"\"\"

    def __init__(self, **parameters):
        super().__init__(**parameters)
        self.buffer = []

    def act(self, state, episode_num):
        return self.action_space.sample()

    def memorize(self, last_ob, action, reward, done, ob):
        self.buffer.append((np.asarray(last_ob), int(action), float(reward), bool(done), np.asarray(ob)))
"""


def test_a_replay_buffer_is_saved_as_a_few_arrays_and_resumes(tmp_path):
    (tmp_path / "buffer_agent.py").write_text(BUFFER_AGENT)
    spec = make_spec(max_episodes=4, episodes_per_checkpoint=2)
    spec["agent"] = {"class": "buffer_agent.py:Buffer"}
    write_spec(tmp_path / "run.yaml", spec)
    assert run_cli("train", "-c", "run.yaml", "--run-dir", "run", cwd=tmp_path).returncode == 0
    checkpoint = tmp_path / "run" / "checkpoints" / "agent-000004" / "agent.ckpt"
    state = read_state(str(checkpoint))
    steps = sum(1 for _ in open(tmp_path / "run" / "episodes.csv")) - 1
    assert len(state["buffer"]) > 16 and steps
    assert len(zipfile.ZipFile(checkpoint).namelist()) <= 6  # the structure and one array per place in the tuples
    result = run_cli("train", "--resume", "run", "--set", "loop.parameters.max_episodes=5", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    resumed = read_state(str(tmp_path / "run" / "checkpoints" / "agent-000005" / "agent.ckpt"))
    assert [transition[1:4] for transition in resumed["buffer"][:len(state["buffer"])]] == \
        [transition[1:4] for transition in state["buffer"]]


def _same(saved, loaded):
    """Whether ``loaded`` equals ``saved`` with the same types all the way down (arrays: dtype and shape)."""
    if type(saved) is not type(loaded):
        return False
    if isinstance(saved, np.ndarray):
        return saved.dtype == loaded.dtype and saved.shape == loaded.shape and np.array_equal(saved, loaded)
    if isinstance(saved, (list, tuple, collections.deque)):
        return (len(saved) == len(loaded) and getattr(saved, "maxlen", None) == getattr(loaded, "maxlen", None)
                and all(_same(a, b) for a, b in zip(saved, loaded)))
    if isinstance(saved, np.generic):
        return saved.dtype == loaded.dtype and saved == loaded
    return saved == loaded


OBS = np.random.default_rng(0).random((41, 3)).astype(np.float32)
CASES = {
    "tuples": [(OBS[i].copy(), i % 2, i / 3, i % 7 == 0, OBS[i + 1].copy()) for i in range(40)],
    "namedtuples": collections.deque((Transition(OBS[i].copy(), np.int64(i), i / 3, False, None) for i in range(40)),
                                     maxlen=100),
    "a tuple of arrays": tuple(OBS[i].copy() for i in range(20)),
    "0-d arrays": [np.array(i) for i in range(20)],
    "NumPy scalars": [np.float32(i) for i in range(20)],
    "floats": [i / 3 for i in range(20)],
    "ints and floats": [1] * 10 + [1.0] * 10,
    "ints beyond int64": [2 ** 70] * 20,
    "arrays of two shapes": [OBS[0].copy() for _ in range(10)] + [OBS[:2].copy() for _ in range(10)],
    "a short list": [OBS[0].copy(), OBS[1].copy()],
}


@pytest.mark.parametrize("name", CASES)
def test_a_list_comes_back_as_it_was_saved(tmp_path, name):
    path = str(tmp_path / "state")
    write_state(path, {"value": CASES[name]})
    loaded = read_state(path, object())["value"]
    assert _same(CASES[name], loaded)
    if isinstance(loaded, (list, tuple, collections.deque)) and loaded and isinstance(loaded[0], np.ndarray):
        loaded[0][...] = -1  # each array is its own: changing one changes no other
        assert not np.any(loaded[1] == -1)
