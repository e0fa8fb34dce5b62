"""Means, standard deviations and display of returns, for finite returns of any size.

``math.fsum`` raises ``OverflowError`` when finite returns sum past the largest float (1.8e308), and
``(x - mean) ** 2`` raises it for returns near 1e155 and above; a plain ``+`` gives ``inf``. Here a
sum that overflows is taken again over the values divided by a power of two (exact), so the mean and
std of finite returns are always finite; below the overflow the results are ``math.fsum``'s exactly.
Only :mod:`math` is imported: the CLI's start-up stays short.
"""

import math
from typing import Iterable, Optional, Sequence


def exact_sum(values: Iterable[float]) -> float:
    """The exact sum of ``values`` (``math.fsum``), or NaN where it overflows (take :func:`mean` then) or adds
    ``inf`` and ``-inf`` (which ``math.fsum`` refuses with a ValueError: the sum, as ``+`` gives it, is NaN)."""
    try:
        return math.fsum(values)
    except (OverflowError, ValueError):
        return float("nan")


def _exponent(values: Sequence[float]) -> int:
    """The power of two to scale ``values`` down by: at least the largest magnitude (exact, ``math.ldexp``)."""
    return math.frexp(max(abs(value) for value in values))[1]


def mean(values: Sequence[float]) -> float:
    """Mean of ``values`` (nan for none); finite for finite values, however large.

    Args:
        values: Numbers, for example episode returns.

    Returns:
        ``math.fsum(values) / len(values)``, or where the sum overflows, the same taken over the values
        divided by a power of two and multiplied back.
    """
    if not values:
        return float("nan")
    summed = exact_sum(values)
    if math.isfinite(summed) or any(not math.isfinite(value) for value in values):
        return summed / len(values)
    power = _exponent(values)
    return math.ldexp(math.fsum(math.ldexp(value, -power) for value in values) / len(values), power)


def std(values: Sequence[float], center: Optional[float] = None) -> float:
    """Population standard deviation of ``values`` (nan for none); finite for finite values, however large.

    Args:
        values: Numbers, for example episode returns.
        center: Their :func:`mean`, if already known.

    Returns:
        The square root of the mean squared deviation from the mean, computed on scaled values where
        squaring the deviations would overflow.
    """
    if not values:
        return float("nan")
    center = mean(values) if center is None else center
    if not math.isfinite(center):
        return float("nan")
    try:  # a difference of two returns near 1e308 is inf, the square of one near 1e155 raises
        spread = math.sqrt(math.fsum((value - center) ** 2 for value in values) / len(values))
    except OverflowError:
        spread = math.inf
    if math.isfinite(spread):
        return spread
    power = _exponent(values)
    scaled = math.ldexp(center, -power)
    return math.ldexp(math.sqrt(math.fsum((math.ldexp(value, -power) - scaled) ** 2 for value in values)
                                / len(values)), power)


def show(value: float, decimals: int = 2) -> str:
    """A number for a log line or a table: ``decimals`` decimals (``12.35``), or six significant digits
    from a million on (``1.5e+200``), so that no line prints a 200-digit number.

    Args:
        value: The number.
        decimals: Decimals below a million.
    """
    return f"{value:.{decimals}f}" if not math.isfinite(value) or abs(value) < 1e6 else f"{value:.6g}"
