"""Options ``gym-loop plot`` and ``gym-loop aggregate`` share; imports only click (the CLI starts fast)."""

from typing import Any, Callable

import click

DEFAULT_REPS = 2000
MIN_REPS = 1000  # fewer: the ends of a 95% percentile interval move with the bootstrap seed (Efron & Tibshirani)
# More: minutes of work and the resamples held in memory (reps x runs x points), for ends that no longer move
# visibly with the bootstrap seed.
MAX_REPS = 100_000


def _check_reps(ctx: click.Context, param: click.Parameter, value: int) -> int:
    if value < MIN_REPS:
        raise click.BadParameter(f"{value} repetitions give intervals whose ends move with the bootstrap seed; give "
                                 f"at least {MIN_REPS} (the default is {DEFAULT_REPS}; rliable's is 50000)",
                                 ctx=ctx, param=param)
    if value > MAX_REPS:
        raise click.BadParameter(f"{value} repetitions would take minutes or more and hold every resample in memory, "
                                 f"and past {MAX_REPS} the interval's ends no longer move visibly with the bootstrap "
                                 f"seed; give at most {MAX_REPS} (twice rliable's 50000)", ctx=ctx, param=param)
    return value


def reps_option(function: Callable[..., Any]) -> Callable[..., Any]:
    """``--reps N``: bootstrap repetitions, at least :data:`MIN_REPS` and at most :data:`MAX_REPS`."""
    return click.option("--reps", type=int, default=DEFAULT_REPS, show_default=True, callback=_check_reps,
                        help=f"Bootstrap repetitions of the confidence intervals ({MIN_REPS} to {MAX_REPS}).")(function)
