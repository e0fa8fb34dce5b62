"""Where a run may write: its path parameters lie inside its folder, so a spec cannot destroy files.

A run rewrites its ``episodes.csv``, deletes checkpoints and writes videos under fixed names, so a
path parameter pointing outside the run folder (absolute, ``~``, or through ``..``) could
overwrite a file the run did not create, or another run's checkpoints. Only the TensorBoard
directories in :data:`SHARED_OK` may lie outside: a run only adds new, uniquely named event
files and numbered summaries there. Inside the folder, no parameter may name the run's own files.
"""

import os
from pathlib import Path
from typing import Dict

from gym_loop.errors import SpecError

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
    given = Path(value).expanduser()
    path = Path(folder) / given
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


def check_spec(spec: Dict, folder: Path) -> None:
    """Refuse a resolved spec with a path parameter that :func:`inside` refuses, before ``folder`` exists.

    Raises:
        SpecError: Naming the first such parameter.
    """
    from gym_loop.spec import paths_inside

    paths_inside(spec, folder)
