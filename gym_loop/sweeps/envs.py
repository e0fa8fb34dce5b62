"""Make each distinct env of a sweep's configs (or a tune's space) once, as ``train`` will, before anything runs.

``train`` finds an env parameter the env does not take (``is_slipery``) when it makes the env; a sweep or
a tune that left it to its runs would spend every run on it.
"""

import contextlib
import json
import logging
from typing import Any, Dict, Iterable, Tuple

from gym_loop.errors import GymLoopError, SpecError

logger = logging.getLogger(__name__)


def check_envs(sections: Iterable[Tuple[Dict[str, Any], str]]) -> None:
    """Make and close the env of each distinct ``env`` section, in the order given.

    Args:
        sections: ``(env section, label)`` pairs; the label (e.g. `` (config <id>)``) ends the message.

    Raises:
        SpecError: As ``train`` says it (``env.name``, ``env.parameters``...), followed by the label.
        GymLoopError: ``gymnasium.make`` failed otherwise, as ``train`` says it (exit code 1), followed by the label.
    """
    from gym_loop.gym_loop import build_env

    made = set()
    for section, label in sections:
        key = json.dumps(section, sort_keys=True, default=repr)
        if key in made:
            continue
        made.add(key)
        try:
            env = build_env({"env": section})
        except SpecError as error:
            raise SpecError(error.key, f"{error.problem}{label}") from error
        except GymLoopError as error:  # gymnasium.make failed otherwise: a value the env cannot take (map_name)
            raise GymLoopError(f"{error}{label}") from error.__cause__
        with contextlib.suppress(Exception):  # a check only: the runs report a failing close
            env.close()


def warn_if_envs_differ(names: Iterable[Any], compared: str) -> None:
    """Warn when runs of more than one env (their names, with repeats) are compared: each env's returns have a
    scale of their own. ``compared``: how they are, e.g. "their returns share one axis"."""
    envs = sorted({str(name) for name in names})
    if len(envs) > 1:
        logger.warning("the runs are of %d envs (%s): %s, though each env has its own scale", len(envs),
                       ", ".join(envs), compared)
