"""Where an evaluation writes: the run folder, or another folder when the run is archived read-only.

``gym-loop eval --run RUN`` writes its TensorBoard logs, videos and summary (the loop's ``eval_*``
path parameters) into the run folder. Given ``--output DIR`` they go to ``DIR``; when the run
folder cannot be written (a read-only archive, another user's run) they go to
``./<run name>-eval`` and a warning says so. The checkpoints are read where they are.
"""

import dataclasses
import logging
import os
from pathlib import Path
from typing import Optional

from gym_loop.spec import RunSpec, paths_inside

logger = logging.getLogger(__name__)


def placed(spec: RunSpec, run_dir: Optional[Path], output: Optional[Path]) -> RunSpec:
    """A copy of a resolved spec with its paths where an evaluation uses them.

    Args:
        spec: The resolved spec, paths as written in it.
        run_dir: The run folder evaluated, or None for a spec evaluated on its own (paths relative
            to the working directory, as in the original gym-loop).
        output: Where the evaluation's outputs go; None for the run folder (or the working
            directory without one), or ``./<run name>-eval`` when the run folder is not writable.

    Returns:
        The spec, every path final: build it without a run folder.
    """
    placed_spec = paths_inside(spec, run_dir) if run_dir is not None else spec
    if output is None and run_dir is not None and not _writable(Path(run_dir)):
        output = Path(f"{Path(run_dir).resolve().name}-eval")
        logger.warning("%s cannot be written; the evaluation's logs and summary go to %s (choose with --output)",
                       run_dir, output)
    if output is None:
        return placed_spec
    rules, parameters = spec.loop.rules, dict(placed_spec.loop.parameters)
    for key, value in spec.loop.parameters.items():
        if key.startswith("eval_") and key in rules and rules[key].is_path and isinstance(value, str):
            given = Path(value).expanduser()
            parameters[key] = str(Path(output) / (given.name if given.is_absolute() else given))
    return dataclasses.replace(placed_spec, loop=dataclasses.replace(placed_spec.loop, parameters=parameters))


def _writable(folder: Path) -> bool:
    """Whether new files can be made in ``folder`` (False on a read-only file system, even for root)."""
    return os.access(folder, os.W_OK | os.X_OK)
