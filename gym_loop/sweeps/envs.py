"""Make each distinct env of a sweep's configs (or a tune's space) once, as ``train`` will, before anything runs.

``train`` finds an env parameter the env does not take (``is_slipery``) when it makes the env, and an env the agent
cannot take or ``reward_threshold: env`` without one right after, when its run folder is made; a sweep or a tune that
left them to its runs would spend every run on them, and make its folder for nothing.
"""

import contextlib
import json
import logging
import os
from pathlib import Path
from typing import Any, Dict, Iterable, List, Optional, Tuple

from gym_loop.errors import GymLoopError, SpecError

logger = logging.getLogger(__name__)


def refuse_missing_code(spec: Dict[str, Any], cwd: str, where: Tuple[str, str, Any], then: str) -> None:
    """Refuse a spec (a continued sweep's config, a continued tune's base) whose class file (``agent.class:
    myagent.py:Agent``) or local module (``env.imports``, the ``myenvs`` of ``myenvs:MyEnv-v0``) its runs would
    not find in ``cwd`` (:func:`~gym_loop.resolve.code_not_found`), where they start (a folder received from another
    machine, or made in a folder since moved), before anything changes: each run would refuse its spec.

    Args:
        where: What starts in ``cwd`` (``"this sweep's runs start"``), how the folder came about (``"made"``) and
            the directory it was made in (its recorded ``cwd``).
        then: The command to go on with, after the file is put in place.

    Raises:
        SpecError: At the key, naming the file or module, ``cwd`` and where the folder was made.
    """
    from gym_loop.resolve import code_not_found, not_found

    starts, made, made_in = where
    other = isinstance(made_in, str) and os.path.abspath(made_in) != cwd
    gone = "" if other and os.path.isdir(made_in) else ", which is not on this machine"
    place = f"{cwd}, where {starts}" + (f" (it was {made} in {made_in}{gone})" if other else "")
    for key, name, module in code_not_found(spec, Path(cwd)):
        fix = f"put {name}.py there (or install the package that provides it)" if module else "put it there"
        raise SpecError(key, f"{not_found(name, module, f'in {place}')}; {fix}, then {then}")


def check_envs(specs: Iterable[Tuple[Any, str]]) -> None:
    """Make the env of each distinct ``env`` section once, in the order given, and ask each spec of it what ``train``
    asks once it has made its env (:func:`gym_loop.spec.check_on_env`: the agent's spaces, ``reward_threshold:
    env``); one env is open at a time (a grid over pixel envs would hold them all), closed before the next is made.

    Args:
        specs: ``(RunSpec, label)`` pairs; the label (e.g. `` (config <id>)``) ends the message.

    Raises:
        SpecError: As ``train`` says it (``env.name``, ``env.parameters``...), followed by the label: the first
            failing spec's in the order given (no env after it is made).
        GymLoopError: ``gymnasium.make`` failed otherwise, as ``train`` says it (exit code 1), followed by the label.
    """
    groups: Dict[str, List[Tuple[int, Any, str]]] = {}  # by env section, in the order of each's first spec
    for index, (spec, label) in enumerate(specs):
        key = json.dumps(spec.to_dict()["env"], sort_keys=True, default=repr)
        groups.setdefault(key, []).append((index, spec, label))
    first: Optional[Tuple[int, GymLoopError]] = None
    for group in groups.values():
        if first is not None and group[0][0] > first[0]:
            break  # made after the failure
        failure = _first_failure(group)
        if failure is not None and (first is None or failure[0] < first[0]):
            first = failure
    if first is not None:
        raise first[1]


def _first_failure(group: List[Tuple[int, Any, str]]) -> Optional[Tuple[int, GymLoopError]]:
    """The index and labelled error of the first spec of ``group`` (specs of one env section) that fails."""
    from gym_loop.gym_loop import build_env
    from gym_loop.spec import check_on_env

    env, index, label = None, group[0][0], group[0][2]
    try:
        env = build_env({"env": group[0][1].to_dict()["env"]})
        for index, spec, label in group:
            check_on_env(spec.agent.cls, spec.loop.parameters, env)
    except SpecError as error:
        labelled = SpecError(error.key, f"{error.problem}{label}")
        labelled.__cause__ = error
        return index, labelled
    except GymLoopError as error:  # gymnasium.make failed otherwise: a value the env cannot take (map_name)
        labelled = GymLoopError(f"{error}{label}")
        labelled.__cause__ = error.__cause__
        return index, labelled
    finally:
        if env is not None:
            with contextlib.suppress(Exception):  # a check only: the runs report a failing close
                env.close()
    return None


def warn_if_envs_differ(names: Iterable[Any], compared: str) -> None:
    """Warn when runs of more than one env (their names, with repeats) are compared: each env's returns have a
    scale of their own. ``compared``: how they are, e.g. "their returns share one axis"."""
    envs = sorted({str(name) for name in names})
    if len(envs) > 1:
        logger.warning("the runs are of %d envs (%s): %s, though each env has its own scale", len(envs),
                       ", ".join(envs), compared)
