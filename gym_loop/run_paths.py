"""Where a run and an evaluation write: inside the run folder, or an evaluation's output folder.

A run rewrites and deletes files under fixed names, so its paths may not leave its folder nor name each
other's files; see "A spec cannot destroy files" and "Read-only archives" in docs/runs.rst."""

import dataclasses
import itertools
import logging
import os
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any, List, Mapping, Optional

from gym_loop.errors import SpecError
from gym_loop.files import LOCK_FILE, RECORD_FILE, SPEC_FILE, first_free

if TYPE_CHECKING:
    from gym_loop.spec import RunSpec

logger = logging.getLogger(__name__)

SHARED_OK = frozenset({"logdir", "eval_logdir"})  # directories a run only adds uniquely named files to
OWN_FILES = frozenset({SPEC_FILE, RECORD_FILE, LOCK_FILE})  # the run folder's own, written by gym-loop
PATH_NAME = re.compile(r"(^|_)(dir|path|file|folder|filename|dirname|logdir)$")  # model_path, save_dir...


def loop_path(folder: Optional[Path], parameters: Any, key: str) -> Optional[Path]:
    """Where the run in ``folder`` (the working directory if None) keeps what ``loop.parameters.<key>`` names
    (``checkpoint_dir``, ``episodes_csv``, ``evals_csv``, ``logdir``), read from its spec's loop ``parameters``:
    inside ``folder`` unless absolute, the default of :class:`~gym_loop.loops.base_loop.BaseLoop` when not given;
    None when set to null (nothing written), but ``checkpoints`` for ``checkpoint_dir``. The one place a run's files
    are found from its spec, or a loop's from its parameters."""
    from gym_loop.loops.base_loop import BaseLoop

    default = BaseLoop.PARAMETERS[key].default
    value = parameters.get(key, default) if isinstance(parameters, Mapping) else default
    value = value or (default if key == "checkpoint_dir" else None)  # a loop's checkpoints are always somewhere
    return Path(folder or ".") / Path(str(value)).expanduser() if value else None


def inside(folder: Path, key: str, value: str) -> str:
    """The path parameter ``value`` of ``key`` (e.g. ``loop.parameters.logdir``) placed in the run ``folder``.

    Raises:
        SpecError: The path leaves the folder and ``key`` is not in :data:`SHARED_OK`, or it names
            one of :data:`OWN_FILES`.
    """
    path = Path(folder) / Path(value).expanduser()
    if key.rsplit(".", 1)[-1] in SHARED_OK:  # may be outside: a file in the way is refused before anything is made
        above = itertools.takewhile(lambda part: part != Path(folder), (path, *path.parents))  # the folder's own: later
        blocked = next((part for part in above if part.exists() and not part.is_dir()), None)
        if blocked is not None:
            raise SpecError(key, f"{blocked} is a file, not a folder; give a folder's path")
        return str(path)
    root = os.path.realpath(folder)
    real = os.path.realpath(path)
    if os.path.commonpath([root, real]) != root:
        raise SpecError(key, link_out(Path(folder), Path(value).expanduser(), root) or
                        f"{value!r} is outside the run folder; a run writes only inside its folder "
                        "(give a relative path such as ./name; see docs/runs.rst)")
    if os.path.relpath(real, root) in OWN_FILES:
        raise SpecError(key, f"{value!r} is the run's own {os.path.relpath(real, root)}; give another name")
    return str(path)


def link_out(folder: Path, value: Path, root: str) -> Optional[str]:
    """Why the relative path ``value`` leaves the run ``folder`` (real path ``root``) though it is written inside
    it: a symbolic link on the way (``checkpoints`` moved to scratch, or received so by ``rsync -a``); else None."""
    from gym_loop.errors import quoted

    path = folder
    for part in () if value.is_absolute() else value.parts:
        path = path / part
        if path.is_symlink() and os.path.commonpath([root, os.path.realpath(path)]) != root:
            target, there = os.readlink(path), path.exists()
            put = (f"put what it links to in its place (rm {quoted(path)} && cp -r {quoted(target)} {quoted(path)})"
                   if there else f"copy what it linked to in its place (rm {quoted(path)}, then cp -r FROM "
                                 f"{quoted(path)})")
            return (f"{path} is a symbolic link to {target}"
                    f"{'' if there else ', which does not exist here (copied without it?)'}, out of the run folder, "
                    f"which a run reads and writes only inside: {put}")
    return None


def check_apart(given: Mapping[str, str], placed: Mapping[str, str], defaults: Mapping[str, Any]) -> None:
    """Refuse two path parameters of the loop that would write over each other, by the rules of
    "A spec cannot destroy files" in docs/runs.rst.

    Args:
        given: The loop's path parameters as the user gave them (:meth:`~gym_loop.spec.Component.paths`).
        placed: The same parameters with their paths placed in the run folder (:func:`inside`).
        defaults: The loop's default parameters.

    Raises:
        SpecError: At the first parameter of a colliding pair, the one changed from its default if either is.
    """
    real = {key: os.path.realpath(placed[key]) for key in given}
    for key in sorted(given, key=lambda name: given[name] == defaults.get(name)):  # those the user changed first
        for other in given:
            problem = _collision(key, other, real, given) if other != key else None
            if problem:
                raise SpecError(f"loop.parameters.{key}", f"{given[key]!r} {problem} (see docs/runs.rst)")


def _collision(key: str, other: str, real: Mapping[str, str], given: Mapping[str, str]) -> Optional[str]:
    """Why ``key`` may not have its real path, given that of ``other``, or None if it may.

    A parameter whose name ends in ``dir`` (``logdir``, ``checkpoint_dir``) is a folder, any other a file.
    """
    path, other_path = real[key], real[other]
    if path == other_path:
        if key in SHARED_OK and other in SHARED_OK:
            return None
        return f"is also the path of loop.parameters.{other}; give each path parameter its own path"
    if os.path.commonpath([path, other_path]) != other_path:  # not inside
        return None
    if not other.endswith("dir"):
        return f"lies inside loop.parameters.{other} ({given[other]!r}), a file; give it a path outside that file"
    if key.endswith("dir") or other in SHARED_OK:
        return None
    return (f"lies inside loop.parameters.{other} ({given[other]!r}), whose files the run writes and deletes; "
            "give it a path outside that folder")


def placed_for_eval(spec: "RunSpec", run_dir: Optional[Path], output: Optional[Path]) -> "RunSpec":
    """``spec`` with every path final, as an evaluation uses them.

    Paths go inside ``run_dir`` if given (else stay relative to the working directory, as in the
    original gym-loop); the ``eval_*`` paths go into ``output`` if given, or into
    ``./<run name>-eval`` when ``run_dir`` is not writable (``./<config>-seed-<s>-eval`` for a sweep's run).
    """
    from gym_loop.spec import paths_inside  # spec.py imports this module

    placed = paths_inside(spec, run_dir) if run_dir is not None else spec
    if output is None and run_dir is not None and not os.access(run_dir, os.W_OK | os.X_OK):  # False when read-only
        run = Path(run_dir).resolve()  # a sweep's or tune's run, seed-<s>, is named by its config's folder too
        output = Path(f"{run.parent.name}-{run.name}-eval" if run.name.startswith("seed-") else f"{run.name}-eval")
        logger.warning("%s cannot be written; the evaluation's logs and summary go to %s (choose with --output)",
                       run_dir, output)
    if output is None:
        return placed
    parameters = dict(placed.loop.parameters)
    for key, value in spec.loop.paths().items():
        if key.startswith("eval_"):
            given = Path(value).expanduser()
            parameters[key] = str(Path(output) / (given.name if given.is_absolute() else given))
    return dataclasses.replace(placed, loop=dataclasses.replace(placed.loop, parameters=parameters))


def videos_apart(spec: "RunSpec", name: str) -> "RunSpec":
    """``spec`` with its evaluation videos in ``<eval_record_dir>/<name>`` (``-2``, ``-3``... if taken), if it
    records them: ``RecordVideo`` numbers its files from 0 in each evaluation, so two would overwrite each other's.
    """
    parameters = spec.loop.parameters
    if not parameters.get("eval_record") or not isinstance(parameters.get("eval_record_dir"), str):
        return spec
    folder = first_free(Path(parameters["eval_record_dir"]).expanduser() / name)
    return dataclasses.replace(spec, loop=dataclasses.replace(
        spec.loop, parameters={**parameters, "eval_record_dir": str(folder)}))


def shared_paths(spec: "RunSpec") -> List[str]:
    """A warning for each parameter of the agent, policy or loop that looks like a relative path (``./x``, ``../x``,
    or a name such as ``model_path`` or ``save_dir``) but has no rule: it is given as written, relative to the
    working directory, which every run shares; a path rule would place it in the run folder (docs/agents.rst)."""
    found = []
    for section, component in spec.components():
        for key, value in component.parameters.items():
            if key in component.rules or not isinstance(value, str) or not value.strip() or "://" in value:
                continue
            if not Path(value).expanduser().is_absolute() and (value.startswith(("./", "../"))
                                                               or PATH_NAME.search(key.lower())):
                found.append(f"{section}.parameters.{key}: {value!r} is relative to the working directory, shared by "
                             f"every run; for a file the {section} writes, declare it a path to have it in the run "
                             f"folder: PARAMETER_RULES = {{{key!r}: PATH}} (gym_loop.rules); for one it reads, any "
                             "other rule (TEXT) ends this warning")
    return found
