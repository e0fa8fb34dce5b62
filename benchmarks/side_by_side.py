"""Rounds of a bare loop and gym-loop in turn, with a ratio per round that the machine's drift does not bias.

This machine's speed drifts from one second to the next. Each round times gym-loop between two
runs of the bare loop (the last bare run of a round is the first of the next) and takes the ratio
to their mean, so a machine slowing down or speeding up during the round favours neither side.

Each run is timed twice: in wall time, what the targets are stated in, and in CPU time of this
process (every thread, user and system: ``resource.getrusage``). Other processes on a shared
machine lengthen our wall time (they take the CPU from us) far more than our CPU time, so the
CPU ratio moves much less from one run of a script to the next; what it leaves out is time that
runs nothing of ours: waiting for the disk (a checkpoint's ``fsync`` at the end of a run) or for
the CPU.
"""

import resource
import statistics
import time
from typing import Callable, Dict, List, NamedTuple, Tuple


class Times(NamedTuple):
    """A pair of clocks (seconds), or of speeds (steps per second of each clock)."""

    wall: float
    cpu: float


def now() -> Times:
    """Wall time and the CPU time of this process (every thread, user and system) so far."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return Times(time.perf_counter(), usage.ru_utime + usage.ru_stime)


def speed(steps: int, since: Times) -> Times:
    """Steps per second of wall time and of CPU time since ``since`` (a :func:`now`)."""
    end = now()
    return Times(steps / (end.wall - since.wall), steps / (end.cpu - since.cpu))


class Rounds(NamedTuple):
    bare: List[Times]  # speeds of each bare run: one more than there are rounds
    ours: List[Times]  # speeds of gym-loop in each round
    ratios: List[Times]  # gym-loop over the mean of the bare runs either side of it

    def row(self) -> str:
        """Median bare and gym-loop steps/s (wall), the median ratio, the ratio of the best runs and the CPU ratio."""
        walls, cpus = [ratio.wall for ratio in self.ratios], [ratio.cpu for ratio in self.ratios]
        best = max(speed.wall for speed in self.ours) / max(speed.wall for speed in self.bare)
        return (f"{statistics.median(s.wall for s in self.bare):>10.0f}"
                f"{statistics.median(s.wall for s in self.ours):>10.0f}"
                f"{statistics.median(walls):>8.2f}{best:>8.2f}{statistics.median(cpus):>8.2f}")


HEADER = f"{'bare':>10}{'gym-loop':>10}{'ratio':>8}{'best':>8}{'CPU':>8}"


def side_by_side(bare: Callable[[int], Tuple[Times, int]], ours: Callable[[int, int], Times], rounds: int) -> Rounds:
    """``bare(seed)`` gives (speeds, episodes finished); ``ours(episodes, seed)`` plays as many episodes."""
    speeds, episodes = bare(0)
    result = Rounds([speeds], [], [])
    for seed in range(rounds):
        result.ours.append(ours(max(episodes, 1), seed))
        speeds, episodes = bare(seed + 1)
        result.bare.append(speeds)
        before, after, mine = result.bare[-2], result.bare[-1], result.ours[-1]
        result.ratios.append(Times(mine.wall / statistics.mean([before.wall, after.wall]),
                                   mine.cpu / statistics.mean([before.cpu, after.cpu])))
    return result


def train_speed(spec: Dict, seed: int, runs_dir) -> Times:
    """Steps per second of ``train_agent`` on ``spec`` with this seed, build and all, a run folder in ``runs_dir``."""
    from gym_loop.gym_loop import train_agent

    spec.update(seed=seed, runs_dir=str(runs_dir))
    started = now()
    summary = train_agent(spec)
    return speed(summary.steps, started)
