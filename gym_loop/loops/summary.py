"""What a train or evaluate call did: counts, time, and the recent episodes' returns."""

import math
import time
from collections import deque
from pathlib import Path
from typing import Any, Deque, Dict, Optional, Sequence

from gym_loop.numeric import exact_sum, mean, show, std


class Summary:
    """Running totals of a train or evaluate call.

    Returns that are not finite (an evaluation's; training refuses them) count as IEEE arithmetic has it: a mean
    over ``inf`` is ``inf``, over ``inf`` and ``-inf`` NaN, until they leave the window.

    Args:
        planned: How many episodes the call will run; None: no episode limit (``max_steps`` ends it).
        window: How many recent episodes' returns and lengths to keep; None keeps all.
    """

    def __init__(self, planned: Optional[int], window: Optional[int] = None):
        self.planned = planned
        self.episodes = 0
        self.steps = 0
        self.global_step = 0  # env steps done when the last counted episode ended
        self.returns: Deque[float] = deque(maxlen=window)
        self.lengths: Deque[int] = deque(maxlen=window)
        self.best_mean_return = float("-inf")  # of a full window of returns, as reward_threshold judges them
        self.stop_reason: Optional[str] = None  # why training ended before ``planned``, if it did
        # As run.json has them: the run folder (train_agent sets it), the status and the reason (a loop's train()).
        self.run_dir: Optional[Path] = None
        self.status: Optional[str] = None
        self.reason: Optional[str] = None
        self.seconds = 0.0
        self._returns_sum = 0.0  # of the kept returns, kept up to date: the mean is read every episode
        self.restart_clock()

    def of_planned(self) -> str:
        """`` of 5`` for a message of the episodes done (``interrupted after 3 episodes of 5``); empty without a
        limit."""
        return "" if self.planned is None else f" of {self.planned}"

    def state(self) -> Dict[str, Any]:
        """The counts and kept episodes as plain data, for :meth:`restore`."""
        return {"episodes": self.episodes, "steps": self.steps, "global_step": self.global_step,
                "returns": list(self.returns), "lengths": list(self.lengths), "seconds": self.seconds,
                "best_mean_return": None if math.isinf(self.best_mean_return) else self.best_mean_return,
                "returns_sum": self._returns_sum if math.isfinite(self._returns_sum) else None}

    def restore(self, state: Dict[str, Any]) -> None:
        """Continue from a :meth:`state`."""
        self.episodes, self.steps, self.global_step = state["episodes"], state["steps"], state["global_step"]
        window = self.returns.maxlen
        self.returns, self.lengths = deque(state["returns"], maxlen=window), deque(state["lengths"], maxlen=window)
        # The running sum as it was, rounding and all: a resumed run's mean return is the one never stopped's, to the
        # last bit (re-summed exactly, it differed until the next exact sum; an older state has none).
        total = state.get("returns_sum")
        self._returns_sum = total if isinstance(total, float) else exact_sum(self.returns)
        self.seconds = state["seconds"]
        best = state["best_mean_return"]
        self.best_mean_return = float("-inf") if best is None else best
        self.restart_clock()

    def restart_clock(self) -> None:
        """Count time from now on, on top of the seconds already counted (for a resumed run)."""
        self._started = time.perf_counter() - self.seconds

    def stop_clock(self) -> None:
        """Count the time up to now (a run's end: its last checkpoint saved after the last episode counted)."""
        self.seconds = time.perf_counter() - self._started

    def add(self, episode_return: float, length: int) -> None:
        """Count a finished episode."""
        self.add_many((episode_return,), (length,))

    def add_many(self, returns: Sequence[float], lengths: Sequence[int]) -> None:
        """Count finished episodes, in order (the best mean return of a full window is taken after each, as
        :meth:`add` does)."""
        kept, total, best, episodes = self.returns, self._returns_sum, self.best_mean_return, self.episodes
        window, isfinite = kept.maxlen, math.isfinite
        # Asked once a call, not twice an episode; and a comparison where max() was a call (max keeps best when
        # average is equal or NaN, as the comparison does): 2,100 instructions an episode instead of 3,800, a
        # tenth of the run's own per-episode work under VectorLoop (docs/performance.rst).
        full = len(kept) == window
        for episode_return in returns:
            if full:
                total -= kept[0]
            kept.append(episode_return)
            total += episode_return
            episodes += 1
            finite = isfinite(total)  # asked once an episode, not twice: 12,400 instructions for 3 against 13,100
            if not finite or not episodes % 1000:  # no drift from rounding; NaN where it overflows
                total = exact_sum(kept)
                finite = isfinite(total)
            if full or len(kept) == window:
                full = True
                average = total / window if finite else mean(kept)
                if average > best:
                    best = average
        self.lengths.extend(lengths)
        self._returns_sum, self.best_mean_return, self.episodes = total, best, episodes
        self.steps += sum(lengths)
        self.seconds = time.perf_counter() - self._started

    @property
    def mean_return(self) -> float:
        """Mean return over the kept episodes (nan before the first)."""
        if not self.returns:
            return float("nan")
        return self._returns_sum / len(self.returns) if math.isfinite(self._returns_sum) else mean(self.returns)

    @property
    def env_steps(self) -> int:
        """Env steps done: ``global_step`` where a run counts it (training: VectorLoop's sub-envs also
        step in episodes that have not ended), else the counted episodes' lengths (evaluation)."""
        return self.global_step or self.steps

    @property
    def steps_per_second(self) -> float:
        """Env steps per second of wall time so far."""
        return self.env_steps / self.seconds if self.seconds > 0 else float("nan")

    def statistics(self) -> Dict[str, Dict[str, float]]:
        """Mean, std, min and max of the kept returns and lengths."""
        return {name: {"mean": mean(values), "std": std(values), "min": min(values), "max": max(values)}
                for name, values in (("return", self.returns), ("length", self.lengths)) if values}

    def describe(self) -> str:
        """One line for the terminal."""
        spread = f" ± {show(std(self.returns))} (std)" if len(self.returns) > 1 else ""
        if self.returns.maxlen is None:
            returns = f"mean return {show(self.mean_return)}{spread}"
            if self.returns:
                returns += f", worst episode {show(min(self.returns))}, best episode {show(max(self.returns))}"
        else:  # each number says what it is: a window's mean is not one episode's return
            last = f"last {len(self.returns)} episodes" if len(self.returns) != 1 else "last episode"
            returns = f"mean return of the {last} {show(self.mean_return)}{spread}"
            if not math.isinf(self.best_mean_return):  # a full window: reward_threshold judges no shorter one
                returns += (f", highest mean of {self.returns.maxlen} consecutive episodes during the run "
                            f"{show(self.best_mean_return)}")
        return (f"{self.episodes} episode{'s' * (self.episodes != 1)}, {self.env_steps} steps in {self.seconds:.1f} s "
                f"({self.steps_per_second:.0f} steps/s); {returns}")

    def __repr__(self) -> str:
        """What :meth:`describe` says, and how the run ended and where it is (for a notebook or ``print``)."""
        ended = [f"{name}={value!r}" for name, value in (("status", self.status), ("reason", self.reason or
                                                         self.stop_reason)) if value is not None]
        where = [f"run_dir={str(self.run_dir)!r}"] if self.run_dir is not None else []
        return f"<Summary: {self.describe()}{''.join(f'; {item}' for item in ended + where)}>"
