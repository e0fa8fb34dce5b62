"""NumPy float32 returns and metrics (an env's float32 rewards, summed) are compared with float32's range without
NumPy's 'overflow encountered in cast' RuntimeWarning, which the first bound (2**128 - 2**103, beyond float32) gave."""

import warnings

import numpy as np

from gym_loop.loops.base_loop import Episode
from gym_loop.sinks import Evaluation
from gym_loop.sinks.tensorboard import TensorBoard


def test_float32_values_raise_no_numpy_warning(tmp_path):
    for point_per_batch in (False, True):
        sink = TensorBoard(tmp_path / f"logs{point_per_batch}", point_per_batch=point_per_batch)
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            sink.episodes(0, [Episode(np.float32(1.5), 4, 4), Episode(np.float32(-2.0), 4, 8)],
                          {"agent/loss": np.float32(0.25)})
            sink.evaluation(Evaluation(2, 8, np.float32(1.0), np.float32(0.0), np.float32(1.0), np.float32(1.0), 4.0))
            sink.summary({"final/mean_return": np.float32(1.0)})
        sink.close()
