"""The figures, drawn with matplotlib's object API (no pyplot, no window: PNG through Agg, SVG, PDF).

Each function takes the numbers computed in :mod:`.curves` or :mod:`.scores` and returns a
``matplotlib.figure.Figure`` of the given size in inches, readable at a paper's column width.
"""

import dataclasses
import logging
import math
import os
import re
from pathlib import Path
from typing import Dict, List, Optional, Sequence, Tuple

import numpy as np

from gym_loop import stats
from gym_loop.plots.commands import MAX_INCHES
from gym_loop.plots.curves import Curve
from gym_loop.plots.scores import METRIC_NAMES, METRICS, Estimate

logger = logging.getLogger(__name__)

STYLE = {"font.size": 9, "axes.titlesize": 9, "axes.labelsize": 9, "legend.fontsize": 8,
         "xtick.labelsize": 8, "ytick.labelsize": 8, "axes.spines.top": False, "axes.spines.right": False,
         "axes.grid": True, "grid.alpha": 0.3}
INSIDE_LEGEND = 4  # more configs than this, or a figure narrower than NARROW inches: the legend goes below
NARROW = 4.5
LEGEND_CHARACTER, LEGEND_HANDLE = 0.075, 0.6  # inches: a character of 8-point text; line sample and padding
TITLE_CHARACTER = 0.07  # inches: a character of 9-point text (0.066 on average), with room to spare
AXES_SIDES = 0.8  # inches of a one-axes figure beside its axes: y label and tick labels
LABEL_SHARE = 0.4  # intervals: the config labels take at most this share of the figure's width
LABEL_LINE = 0.15  # inches: a line of 8-point text on the y axis
TITLES_HEIGHT = 1.2  # inches of an intervals figure above and below its panels: titles, x labels
PANEL_TICKS = 1.2  # inches: an intervals panel narrower than this gets at most 3 x ticks
LINE_STYLES = ("-", "--", ":", "-.")
MARKERS = ("o", "s", "^", "D", "v")
# Inches of height beside a legend below the axes: at least SQUEEZED (their title, ticks and labels take ~0.9, so the
# axes keep ~0.6; less, and matplotlib squashes them to nothing), and ROOMY for axes of ~2 inches.
SQUEEZED, ROOMY = 1.5, 3.0
HUGE = 1e100  # numbers from this magnitude on are drawn scaled: matplotlib's ticks overflow near 1.8e308


def new_figure(size: Tuple[float, float], columns: int = 1):
    """A figure of ``size`` inches with ``columns`` axes side by side, in the house style."""
    import matplotlib
    from matplotlib.figure import Figure

    with matplotlib.rc_context(STYLE):
        figure = Figure(figsize=size, layout="constrained")
        axes = figure.subplots(1, columns, sharey=columns > 1, squeeze=False)[0]
    return figure, axes


def curves_figure(curves: Sequence[Curve], x_label: str, y_label: str, title: str,
                  size: Tuple[float, float]):
    """One line per config with its band; its legend entry says n, and how many runs are left at its end if fewer."""
    import matplotlib
    from matplotlib.ticker import EngFormatter, MaxNLocator

    factor, suffix = axis_scale(*(values for curve in curves for values in (curve.value, curve.low, curve.high)))
    curves = [dataclasses.replace(curve, value=curve.value / factor, low=curve.low / factor, high=curve.high / factor)
              for curve in curves]
    figure, (axes,) = new_figure(size)
    with matplotlib.rc_context(STYLE):
        for i, curve in enumerate(curves):
            label = f"{curve.label} ({_n(curve)})"
            if len(curve.x) == 1:  # a point joins no line: a marker, with its band as an error bar
                _point(axes, curve, i, label)
                continue
            axes.plot(curve.x, curve.value, **style(i), linewidth=1.5, label=label)
            if not np.isnan(curve.low).all():
                axes.fill_between(curve.x, curve.low, curve.high, color=style(i)["color"], alpha=0.2, linewidth=0)
        axes.xaxis.set_major_locator(MaxNLocator(nbins="auto", steps=[1, 2, 2.5, 5, 10], integer=True))  # counts
        axes.xaxis.set_major_formatter(EngFormatter(sep=""))
        axes.set(xlabel=x_label, ylabel=scaled_label(y_label, suffix), title=fit(title, size[0] - AXES_SIDES))
        _legend(figure, axes, len(curves))
    return figure


def _point(axes, curve: Curve, index: int, label: str) -> None:
    """A curve of one point (say, one evaluation per run) as a marker, with its band as an error bar."""
    band = None if np.isnan(curve.low).all() else [curve.value - curve.low, curve.high - curve.value]
    axes.errorbar(curve.x, curve.value, yerr=band, color=style(index)["color"], marker=MARKERS[index % len(MARKERS)],
                  markersize=6, capsize=4, linestyle="none", label=label)


def _n(curve: Curve) -> str:
    """``n=5``, ``n=5; 2 at the end`` when the curve ends where fewer of its runs have data, and ``; 3 held
    after solving`` when runs that met their reward_threshold are held at their last value."""
    text = f"n={curve.runs}"
    if len(curve.n) and curve.n[-1] < curve.runs:
        text += f"; {curve.n[-1]} at the end"
    return f"{text}; {curve.held} held after solving" if curve.held else text


def intervals_figure(estimates: Sequence[Estimate], score_label: str, size: Tuple[float, float]):
    """Agarwal et al.'s interval estimates: a panel per statistic, a bar (95% CI) and a tick (estimate) per config.

    The configs are named on the y axis when their labels fit beside the panels (at most ``LABEL_SHARE``
    of the width, in the height there is); else (a narrow figure, long labels) the y axis numbers them and
    a key below the panels names them, so the panels keep the width to stay readable.
    """
    import matplotlib
    from matplotlib.ticker import MaxNLocator

    factor, suffix = axis_scale(*([e.value, e.low, e.high] for e in estimates))
    estimates = [dataclasses.replace(e, value=e.value / factor, low=e.low / factor, high=e.high / factor)
                 for e in estimates]
    labels = list(dict.fromkeys(estimate.label for estimate in estimates))
    n = {estimate.label: estimate.n for estimate in estimates}
    prefix, short = shared_prefix(labels)
    short = [f"{s} (n={n[label]})" for s, label in zip(short, labels)]
    ticks = [_label_lines(label, int(size[0] * LABEL_SHARE / LEGEND_CHARACTER)) for label in short]
    beside = _fit_beside(ticks, size)
    label_width = LEGEND_CHARACTER * max(len(line) for tick in ticks for line in tick.splitlines()) if beside else 0
    panel = (size[0] - label_width - 0.5) / len(METRICS)
    figure, panels = new_figure(size, len(METRICS))
    with matplotlib.rc_context(STYLE):
        for axes, metric in zip(panels, METRICS):
            for i, estimate in enumerate(e for e in estimates if e.metric == metric):
                axes.barh(i, estimate.high - estimate.low, left=estimate.low, height=0.6, color=f"C{i % 10}",
                          alpha=0.6)
                axes.vlines(estimate.value, i - 0.3, i + 0.3, color="black", linewidth=1.5)
            axes.use_sticky_edges = False  # a bar's left end is sticky: the lowest would sit on the axis line
            axes.set(title=METRIC_NAMES[metric], xlabel=scaled_label("return", suffix))
            axes.grid(axis="y", visible=False)
            axes.margins(x=0.1)
            if panel < PANEL_TICKS:  # a narrow panel: fewer ticks, so their labels do not run together
                axes.xaxis.set_major_locator(MaxNLocator(nbins=2))
        if beside:
            panels[0].set_yticks(range(len(labels)), ticks)
            panels[0].set_ylabel(prefix or "")
        else:
            panels[0].set_yticks(range(len(labels)), [str(i + 1) for i in range(len(labels))])
            _key(figure, short, prefix)
        panels[0].invert_yaxis()
        fewer = f"; none below {stats.min_runs()} runs" if any(np.isnan(e.low) for e in estimates) else ""
        figure.suptitle(fit(f"Final scores: estimate (black), 95% bootstrap CI (bar{fewer})\nscore: {score_label}",
                            size[0]), fontsize=9)
    return figure


def _fit_beside(ticks: List[str], size: Tuple[float, float]) -> bool:
    """Whether the config labels ``ticks`` fit on the y axis: none wider than ``LABEL_SHARE`` of the figure,
    and all their lines in the height beside the panels."""
    widest = max(len(line) for tick in ticks for line in tick.splitlines())
    lines = max(tick.count("\n") + 1 for tick in ticks) * len(ticks)
    return widest * LEGEND_CHARACTER <= size[0] * LABEL_SHARE and lines * LABEL_LINE <= size[1] - TITLES_HEIGHT


def _key(figure, labels: List[str], prefix: Optional[str]) -> None:
    """Below the panels: each config's number on the y axis, its bar's colour and its label."""
    from matplotlib.patches import Patch

    entries = [f"{i + 1}: {label}" for i, label in enumerate(labels)]
    chars = int((figure.get_figwidth() - LEGEND_HANDLE) / LEGEND_CHARACTER)
    entries = [_label_lines(entry, chars) for entry in entries]
    handles = [Patch(color=f"C{i % 10}", alpha=0.6) for i in range(len(labels))]
    _below(figure, handles, entries, prefix)


def profile_figure(profiles: List[Dict], score_label: str, size: Tuple[float, float]):
    """Agarwal et al.'s performance profile: fraction of runs scoring above tau, with its 95% CI band."""
    import matplotlib

    factor, suffix = axis_scale(*(profile["taus"] for profile in profiles))
    fewer = f" (none below {stats.min_runs()} runs)" if any(np.isnan(p["low"]).all() for p in profiles) else ""
    figure, (axes,) = new_figure(size)
    with matplotlib.rc_context(STYLE):
        for i, profile in enumerate(profiles):
            color = style(i)["color"]
            taus = profile["taus"] / factor
            axes.step(taus, profile["fraction"], where="post", **style(i), linewidth=1.5,
                      label=f"{profile['label']} (n={profile['n']})")
            axes.fill_between(taus, profile["low"], profile["high"], color=color, alpha=0.2, linewidth=0, step="post")
        axes.set(xlabel=scaled_label("final score threshold τ (return)", suffix),
                 ylabel="fraction of runs with score > τ", ylim=(-0.02, 1.02),
                 title=fit(f"Performance profile, 95% bootstrap CI band{fewer}\nscore: {score_label}",
                           size[0] - AXES_SIDES))
        _legend(figure, axes, len(profiles), inside=False)  # steps from 1 to 0 across the axes: no free corner
    return figure


def axis_scale(*arrays: Sequence[float]) -> Tuple[float, str]:
    """The power of ten the numbers ``arrays`` drawn on one axis are divided by, and the words their axis label
    then ends with: ``(1.0, "")`` below :data:`HUGE` in magnitude; else ``10**e`` of the largest and ``" (×1e<e>)"``
    (1e308: matplotlib's tick code cannot place ticks on numbers that near the largest float)."""
    values = np.concatenate([np.ravel(np.asarray(array, dtype=float)) for array in (np.empty(0), *arrays)])
    largest = np.max(np.abs(values), initial=0.0, where=np.isfinite(values))
    if largest < HUGE:
        return 1.0, ""
    exponent = int(np.floor(np.log10(largest)))
    return 10.0 ** exponent, f" (×1e{exponent})"


def scaled_label(label: str, suffix: str) -> str:
    """``label`` with ``suffix`` (see :func:`axis_scale`) at the end of its first line."""
    first, newline, rest = label.partition("\n")
    return f"{first}{suffix}{newline}{rest}"


def fit(text: str, inches: float) -> str:
    """``text`` with each of its lines wrapped at spaces to fit ``inches`` of 9-point text, into lines of
    about equal length."""
    return "\n".join(_balanced(line, max(20, int(inches / TITLE_CHARACTER))) for line in text.splitlines())


def _balanced(line: str, width: int) -> str:
    """``line`` wrapped at spaces into as few lines as ``width`` allows, each as short as that allows."""
    import math
    import textwrap

    count = len(textwrap.wrap(line, width, break_long_words=False)) or 1
    narrowest = next((w for w in range(math.ceil(len(line) / count), width + 1)
                      if len(textwrap.wrap(line, w, break_long_words=False)) <= count), width)
    return textwrap.fill(line, narrowest, break_long_words=False)


def _label_lines(label: str, chars: int) -> str:
    """A config label on lines of at most ``chars`` characters where it can be broken: after a comma (a
    ``key=value`` or a config id's ``a=1,b=2``) or before `` (n=5)``."""
    import re

    parts = re.findall(r"[^,]+,\s*|[^,]+?(?= \(n=\d+\)$)|[^,]+$", label)
    lines = [""]
    for part in parts:
        if lines[-1] and len(lines[-1]) + len(part.rstrip()) > chars:
            lines.append("")
        lines[-1] += part
    return "\n".join(line.strip() for line in lines)


def _legend(figure, axes, entries: int, inside: bool = True) -> None:
    """Inside the axes for a few configs on a wide figure (if ``inside``), else below them; a shared key prefix
    as its title.

    Labels too long for the figure's width get one ``key=value`` per line.
    """
    handles, labels = axes.get_legend_handles_labels()
    prefix, labels = shared_prefix(labels)
    width = figure.get_figwidth()
    if _entry_width(labels) > width:
        labels = [label.replace(", ", "\n") for label in labels]  # one key=value per line
    if inside and entries <= INSIDE_LEGEND and width >= NARROW:
        axes.legend(handles, labels, title=prefix, loc="best", frameon=False)
    else:
        _below(figure, handles, labels, prefix)


def _below(figure, handles: List, labels: List[str], title: Optional[str]) -> None:
    """A legend below the axes, in two columns if they fit the width; left out, with a warning naming the --height
    that holds it with room to spare (:data:`ROOMY`; at most ``--height``'s largest, :data:`MAX_INCHES`), when it
    would leave less than :data:`SQUEEZED` inches (or that none holds it)."""
    legend = figure.legend(handles, labels, title=title, loc="outside lower center", frameon=False,
                           ncols=2 if 2 * _entry_width(labels) < figure.get_figwidth() else 1)
    tall = legend.get_window_extent().height / figure.dpi
    if tall + SQUEEZED > figure.get_figheight():
        legend.remove()
        fits = tall + SQUEEZED <= MAX_INCHES
        advice = (f"to draw it, give --height {min(math.ceil(tall + ROOMY), MAX_INCHES)}" if fits else
                  f"no --height up to {MAX_INCHES} holds it: plot fewer configs at once")
        logger.warning("the legend of %d configs is %.1f inches high, too high for the figure's %g: left out (the "
                       ".csv beside the figure names each config's numbers); %s", len(labels), tall,
                       figure.get_figheight(), advice)


def _entry_width(labels: List[str]) -> float:
    """Inches taken by the widest legend entry: its line sample and its longest line of text."""
    return LEGEND_HANDLE + LEGEND_CHARACTER * max(len(line) for label in labels for line in label.splitlines())


def style(index: int) -> Dict[str, str]:
    """Colour and line style of the ``index``-th config: ten colours, then the same with dashes, dots..."""
    return {"color": f"C{index % 10}", "linestyle": LINE_STYLES[index // 10 % len(LINE_STYLES)]}


def shared_prefix(labels: List[str]) -> Tuple[Optional[str], List[str]]:
    """``("agent.parameters.", ["learning_rate=0.1 (n=5)", ...])`` when every ``key=value`` of every label
    starts with the same dotted prefix; else ``(None, labels)``."""
    keys = [part.partition("=")[0] for label in labels for part in label.split(", ")]
    if not all("=" in part for label in labels for part in label.split(", ")):
        return None, labels
    prefix = os.path.commonprefix(keys)
    prefix = prefix[:prefix.rfind(".") + 1]
    if not prefix:
        return None, labels
    return prefix, [", ".join(part[len(prefix):] for part in label.split(", ")) for label in labels]


def save(figure, path: Path, dpi: int) -> None:
    """Write the figure; the format is the file's extension (png, svg or pdf).

    Characters no installed font has are drawn as boxes, with one warning naming them.
    """
    import warnings

    import matplotlib

    with matplotlib.rc_context(STYLE), warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        figure.savefig(path, dpi=dpi, format=path.suffix[1:].lower())
    missing = {chr(int(glyph.group(1))): None for warning in caught
               if (glyph := re.match(r"Glyph (\d+) .*missing from font", str(warning.message)))}
    for warning in caught:  # the others as they came (an error under -W error, as before)
        if not str(warning.message).startswith("Glyph "):
            warnings.warn_explicit(warning.message, warning.category, warning.filename, warning.lineno)
    if missing:
        logger.warning("%s: no installed font has the characters %s of its labels, drawn as boxes; install a font "
                       "that has them (e.g. Noto Sans CJK: fonts-noto-cjk)", path, "".join(missing))
