"""Where a run and an evaluation write: inside the run folder, or an evaluation's output folder.

A run rewrites its ``episodes.csv``, deletes checkpoints and writes videos under fixed names, so a
path parameter pointing outside the run folder (absolute, ``~``, or through ``..``) could
overwrite a file the run did not create, or another run's checkpoints. Only the TensorBoard
directories in :data:`SHARED_OK` may lie outside: a run only adds new, uniquely named event
files and numbered summaries there. Inside the folder, no parameter may name the run's own files.

``gym-loop eval --run RUN`` writes its TensorBoard logs, videos and summary (the loop's ``eval_*``
path parameters) into the run folder. Given ``--output DIR`` they go to ``DIR``; when the run
folder cannot be written (a read-only archive, another user's run) they go to
``./<run name>-eval`` and a warning says so. The checkpoints are read where they are.
"""

import dataclasses
import logging
import os
from pathlib import Path
from typing import TYPE_CHECKING, Optional

from gym_loop.errors import SpecError

if TYPE_CHECKING:
    from gym_loop.spec import RunSpec

logger = logging.getLogger(__name__)

SHARED_OK = frozenset({"logdir", "eval_logdir"})  # directories a run only adds uniquely named files to
OWN_FILES = frozenset({"spec.yaml", "run.json", ".lock"})  # the run folder's own, written by gym-loop


def inside(folder: Path, key: str, value: str) -> str:
    """The path parameter ``value`` of ``key`` (e.g. ``loop.parameters.logdir``) placed in the run ``folder``.

    Args:
        folder: The run folder.
        key: The dotted key of the parameter; its last part decides whether it may lie outside.
        value: The path as the spec gives it, relative to the run folder.

    Returns:
        The path to use.

    Raises:
        SpecError: The path leaves the run folder where that is not allowed, or names one of the
            run's own files.
    """
    path = Path(folder) / Path(value).expanduser()
    if key.rsplit(".", 1)[-1] in SHARED_OK:
        return str(path)
    root = os.path.realpath(folder)
    real = os.path.realpath(path)
    if os.path.commonpath([root, real]) != root:
        raise SpecError(key, f"{value!r} is outside the run folder; a run writes only inside its folder "
                             "(give a relative path such as ./name; see docs/runs.rst)")
    if os.path.relpath(real, root) in OWN_FILES:
        raise SpecError(key, f"{value!r} is the run's own {os.path.relpath(real, root)}; give another name")
    return str(path)


def placed_for_eval(spec: "RunSpec", run_dir: Optional[Path], output: Optional[Path]) -> "RunSpec":
    """The checked spec with its paths where an evaluation uses them.

    Args:
        spec: The resolved spec, paths as written in it.
        run_dir: The run folder evaluated, or None for a spec evaluated on its own (paths relative
            to the working directory, as in the original gym-loop).
        output: Where the evaluation's outputs go; None for the run folder (or the working
            directory without one), or ``./<run name>-eval`` when the run folder is not writable.

    Returns:
        The spec, every path final: build it without a run folder.
    """
    from gym_loop.spec import paths_inside  # spec.py imports this module

    placed = paths_inside(spec, run_dir) if run_dir is not None else spec
    if output is None and run_dir is not None and not os.access(run_dir, os.W_OK | os.X_OK):  # False when read-only
        output = Path(f"{Path(run_dir).resolve().name}-eval")
        logger.warning("%s cannot be written; the evaluation's logs and summary go to %s (choose with --output)",
                       run_dir, output)
    if output is None:
        return placed
    rules, parameters = spec.loop.rules, dict(placed.loop.parameters)
    for key, value in spec.loop.parameters.items():
        if key.startswith("eval_") and key in rules and rules[key].is_path and isinstance(value, str):
            given = Path(value).expanduser()
            parameters[key] = str(Path(output) / (given.name if given.is_absolute() else given))
    return dataclasses.replace(placed, loop=dataclasses.replace(placed.loop, parameters=parameters))
