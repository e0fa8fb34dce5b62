"""Rounds of a bare loop and gym-loop in turn, with a ratio per round that the machine's drift does not bias.

This machine's speed drifts from one second to the next. Each round times gym-loop between two
runs of the bare loop (the last bare run of a round is the first of the next) and takes the ratio
to their mean, so a machine slowing down or speeding up during the round favours neither side.
"""

import statistics
import time
from typing import Callable, Dict, List, NamedTuple, Tuple


class Rounds(NamedTuple):
    bare: List[float]  # steps/s of each bare run: one more than there are rounds
    ours: List[float]  # steps/s of gym-loop in each round
    ratios: List[float]  # gym-loop over the mean of the bare runs either side of it

    def row(self) -> str:
        """Median bare and gym-loop steps/s, the median ratio, and the ratio of the best runs."""
        return (f"{statistics.median(self.bare):>10.0f}{statistics.median(self.ours):>10.0f}"
                f"{statistics.median(self.ratios):>8.2f}{max(self.ours) / max(self.bare):>8.2f}")


HEADER = f"{'bare':>10}{'gym-loop':>10}{'ratio':>8}{'best':>8}"


def side_by_side(bare: Callable[[int], Tuple[float, int]], ours: Callable[[int, int], float], rounds: int) -> Rounds:
    """``bare(seed)`` gives (steps/s, episodes finished); ``ours(episodes, seed)`` plays as many episodes."""
    speed, episodes = bare(0)
    result = Rounds([speed], [], [])
    for seed in range(rounds):
        result.ours.append(ours(max(episodes, 1), seed))
        speed, episodes = bare(seed + 1)
        result.bare.append(speed)
        result.ratios.append(result.ours[-1] / statistics.mean(result.bare[-2:]))
    return result


def train_speed(spec: Dict, seed: int, runs_dir) -> float:
    """Steps per second of ``train_agent`` on ``spec`` with this seed, build and all, a run folder in ``runs_dir``."""
    from gym_loop.gym_loop import train_agent

    spec.update(seed=seed, runs_dir=str(runs_dir))
    started = time.perf_counter()
    summary = train_agent(spec)
    return summary.steps / (time.perf_counter() - started)
