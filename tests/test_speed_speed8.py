"""Speed changes that must not change results: Summary.add_many's tighter loop, and the spec's YAML check skipping
plain scalars (see the comments where they live, and docs/performance.rst)."""

import enum
import math
import random
from collections import deque

import pytest

from gym_loop.errors import SpecError
from gym_loop.loops.summary import Summary
from gym_loop.numeric import exact_sum, mean
from gym_loop.spec import check_writable


def reference_add_many(kept, total, best, episodes, returns):
    """Summary.add_many's loop as it was before it was made faster: the results must stay bit for bit the same."""
    window = kept.maxlen
    for episode_return in returns:
        if len(kept) == window:
            total -= kept[0]
        kept.append(episode_return)
        total += episode_return
        episodes += 1
        if episodes % 1000 == 0 or not math.isfinite(total):
            total = exact_sum(kept)
        if len(kept) == window:
            average = total / window if math.isfinite(total) else mean(kept)
            best = max(best, average)
    return total, best, episodes


def returns_of(rng, count):
    """Finite returns of many magnitudes (the run refuses others before counting them), some whose sums overflow."""
    special = [1.7e308, -1.7e308, 1e308, 0.1, -0.0]
    return [rng.choice(special) if rng.random() < 0.01 else rng.uniform(-1, 1) * 10 ** rng.randint(-3, 12)
            for _ in range(count)]


@pytest.mark.parametrize("window", [None, 1, 3, 100])
def test_add_many_equals_the_plain_loop(window):
    rng = random.Random(window or 0)
    for trial in range(4):
        returns = returns_of(rng, 1100) if trial % 2 else [float(rng.randint(8, 500)) for _ in range(1100)]
        summary = Summary(10**6, window=window)
        kept, total, best, episodes = deque(maxlen=window), 0.0, float("-inf"), 0
        start = 0
        while start < len(returns):  # groups of 0 to 70 episodes, as VectorLoop hands them on
            group = returns[start:start + rng.randint(0, 70)]
            start += len(group)
            summary.add_many(group, [1] * len(group))
            total, best, episodes = reference_add_many(kept, total, best, episodes, group)
            assert list(summary.returns) == pytest.approx(list(kept), nan_ok=True)
            assert summary.episodes == episodes
            same = [(a == b or (math.isnan(a) and math.isnan(b))) for a, b in
                    ((summary._returns_sum, total), (summary.best_mean_return, best))]
            assert all(same), (summary._returns_sum, total, summary.best_mean_return, best)


class Color(str, enum.Enum):
    RED = "red"


class Size(enum.IntEnum):
    SMALL = 1


@pytest.mark.parametrize("value", [Color.RED, Size.SMALL, object(), {"a": [1, Color.RED]}])
def test_check_writable_still_refuses_what_yaml_cannot_write(value):
    with pytest.raises(SpecError):
        check_writable({"key": value})


def test_check_writable_takes_plain_scalars():
    check_writable({"s": "x\u00e9\x00", "i": 10**40, "f": math.nan, "b": True, "n": None, "l": [1.5, -math.inf]})
