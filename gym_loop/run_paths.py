"""Where a run and an evaluation write: inside the run folder, or an evaluation's output folder.

A run rewrites and deletes files under fixed names, so its paths may not leave its folder; see
"A spec cannot destroy files" and "Read-only archives" in docs/runs.rst.
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

    Raises:
        SpecError: The path leaves the folder and ``key`` is not in :data:`SHARED_OK`, or it names
            one of :data:`OWN_FILES`.
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
    """``spec`` with every path final, as an evaluation uses them.

    Paths go inside ``run_dir`` if given (else stay relative to the working directory, as in the
    original gym-loop); the ``eval_*`` paths go into ``output`` if given, or into
    ``./<run name>-eval`` when ``run_dir`` is not writable.
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
