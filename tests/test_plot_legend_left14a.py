"""A legend too tall for the figure names a --height that --height accepts (at most 200 inches), or, when none holds
it, what else to do (note16: it said --height 215, which --height then refused)."""

import logging

import numpy as np

from gym_loop.plots.commands import MAX_INCHES
from gym_loop.plots.curves import Curve
from gym_loop.plots.figures import curves_figure


def _legend_warning(caplog, configs, keys, height=4.0):
    x = np.array([0.0, 1.0])
    curves = [Curve(label=", ".join(f"key{k}={i}" for k in range(keys)), runs=1, full=1, x=x, n=np.array([1, 1]),
                    value=x, low=x * np.nan, high=x * np.nan, held=0, ends=(1, 1)) for i in range(configs)]
    with caplog.at_level(logging.WARNING):
        curves_figure(curves, "env steps", "return", "title", (6.0, height))
    lines = [record.getMessage() for record in caplog.records if "legend of" in record.getMessage()]
    assert len(lines) == 1, caplog.text
    return lines[0]


def test_a_legend_taller_than_any_height_says_what_else_to_do(caplog):
    line = _legend_warning(caplog, 100, 30)  # each label one key=value a line: 3000 lines, ~210 inches
    tall = float(line.split(" inches high")[0].rsplit(" ", 1)[1])
    assert tall + 1.5 > MAX_INCHES, line
    assert "--height" not in line.split("left out")[1].replace("no --height up to 200 holds it", ""), line
    assert line.endswith("(the .csv beside the figure names each config's numbers); no --height up to 200 holds "
                         "it: plot fewer configs at once"), line


def test_a_legend_that_fits_below_200_inches_gets_a_height_the_option_takes(caplog):
    line = _legend_warning(caplog, 100, 28)  # ~197 inches: 197 + 3 of room would be over 200
    tall = float(line.split(" inches high")[0].rsplit(" ", 1)[1])
    assert tall + 1.5 <= MAX_INCHES < tall + 3.0, line
    assert line.endswith("to draw it, give --height 200"), line
