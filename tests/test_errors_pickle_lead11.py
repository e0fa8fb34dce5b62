"""Every gym-loop exception pickles round trip: a multiprocessing pool sends a worker's back pickled (tester11a-19)."""

import concurrent.futures
import pickle

import pytest

from gym_loop.errors import GymLoopError, RunStopped, SpecError
from gym_loop.resolve import InMainOnly
from gym_loop.state import DamagedFile


@pytest.mark.parametrize("error", [SpecError("seed", "expected an integer"), SpecError("", "the file is empty"),
                                   RunStopped("interrupted after 3 episodes", terminated=True), InMainOnly("NB"),
                                   GymLoopError("plain"), DamagedFile("state.json is damaged")])
def test_an_exception_comes_back_as_it_was(error):
    back = pickle.loads(pickle.dumps(error))
    assert (type(back), str(back), vars(back)) == (type(error), str(error), vars(error))
    assert back.exit_code == error.exit_code


def _refused(seed):
    raise SpecError("seed", f"expected a non-negative integer, got {seed}")


def test_a_process_pool_gets_the_message_and_keeps_its_other_results():
    with concurrent.futures.ProcessPoolExecutor(1) as pool:
        refused, fine = pool.submit(_refused, -2), pool.submit(abs, -3)
        with pytest.raises(SpecError, match="seed: expected a non-negative integer, got -2"):
            refused.result(timeout=60)
        assert fine.result(timeout=60) == 3
