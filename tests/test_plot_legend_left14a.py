"""A legend too tall for the figure names a --height that --height accepts (at most 200 inches), or, when none holds
it, what else to do (note16: it said --height 215, which --height then refused)."""

import logging

import numpy as np

from gym_loop.plots.commands import MAX_INCHES
from gym_loop.plots.curves import Curve
from gym_loop.plots.figures import curves_figure


def _legend_warning(caplog, keys, height=4.0):
    """The warning of a figure of one curve per item of ``keys``, its label that many ``key=value`` lines."""
    x = np.array([0.0, 1.0])
    curves = [Curve(label=", ".join(f"key{k}={i}" for k in range(n)), runs=1, full=1, x=x, n=np.array([1, 1]),
                    value=x, low=x * np.nan, high=x * np.nan, held=0, ends=(1, 1)) for i, n in enumerate(keys)]
    caplog.clear()
    with caplog.at_level(logging.WARNING):
        curves_figure(curves, "env steps", "return", "title", (6.0, height))
    lines = [record.getMessage() for record in caplog.records if "legend of" in record.getMessage()]
    assert len(lines) == 1, caplog.text
    return lines[0]


def _inches(line):
    return float(line.split(" inches high")[0].rsplit(" ", 1)[1])


def _legend_of(caplog, inches):
    """The warning of a legend of 100 configs within half an inch of ``inches`` high, whatever this matplotlib's
    text metrics are (3.7's lines are 17% shorter than 3.11's): its number of label lines found by regula falsi.
    Both columns of the legend (configs 0-49, 50-99) get the same lines: its height is the taller one's."""
    def legend(lines):
        line = _legend_warning(caplog, [lines // 50 + (i % 50 < lines % 50) for i in range(100)])
        return lines, _inches(line), line

    low, high = legend(500), legend(2000)  # 500 label lines in each column: ~30 inches; 2000: over 200
    for _ in range(6):
        lines = low[0] + round((inches - low[1]) * (high[0] - low[0]) / (high[1] - low[1]))
        lines = min(max(lines, low[0] + 1), high[0] - 1)
        guess = legend(lines)
        if abs(guess[1] - inches) < 0.5 or high[0] - low[0] <= 2:
            return guess[2]
        low, high = (guess, high) if guess[1] < inches else (low, guess)
    return guess[2]


def test_a_legend_taller_than_any_height_says_what_else_to_do(caplog):
    line = _legend_of(caplog, 210)  # each label one key=value a line
    tall = _inches(line)
    assert tall + 1.5 > MAX_INCHES, line
    assert "--height" not in line.split("left out")[1].replace("no --height up to 200 holds it", ""), line
    assert line.endswith("(the .csv beside the figure names each config's numbers); no --height up to 200 holds "
                         "it: plot fewer configs at once"), line


def test_a_legend_that_fits_below_200_inches_gets_a_height_the_option_takes(caplog):
    line = _legend_of(caplog, 197.75)  # 197.75 + 3 of room would be over 200
    tall = _inches(line)
    assert tall + 1.5 <= MAX_INCHES < tall + 3.0, line
    assert line.endswith("to draw it, give --height 200"), line
