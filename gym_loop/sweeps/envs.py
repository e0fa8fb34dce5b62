"""Make each distinct env of a sweep's configs (or a tune's space) once, as ``train`` will, before anything runs.

``train`` finds an env parameter the env does not take (``is_slipery``) when it makes the env, and an env the agent
cannot take or ``reward_threshold: env`` without one right after, when its run folder is made; a sweep or a tune that
left them to its runs would spend every run on them, and make its folder for nothing.
"""

import contextlib
import json
import logging
from typing import Any, Dict, Iterable, Tuple

from gym_loop.errors import GymLoopError, SpecError

logger = logging.getLogger(__name__)


def check_envs(specs: Iterable[Tuple[Any, str]]) -> None:
    """Make the env of each distinct ``env`` section once, in the order given, and ask each spec what ``train`` asks
    of it once it has made its env (:func:`gym_loop.spec.check_on_env`: the agent's spaces, ``reward_threshold:
    env``).

    Args:
        specs: ``(RunSpec, label)`` pairs; the label (e.g. `` (config <id>)``) ends the message.

    Raises:
        SpecError: As ``train`` says it (``env.name``, ``env.parameters``...), followed by the label.
        GymLoopError: ``gymnasium.make`` failed otherwise, as ``train`` says it (exit code 1), followed by the label.
    """
    from gym_loop.gym_loop import build_env
    from gym_loop.spec import check_on_env

    made: Dict[str, Any] = {}
    try:
        for spec, label in specs:
            section = spec.to_dict()["env"]
            key = json.dumps(section, sort_keys=True, default=repr)
            try:
                if key not in made:
                    made[key] = build_env({"env": section})
                check_on_env(spec.agent.cls, spec.loop.parameters, made[key])
            except SpecError as error:
                raise SpecError(error.key, f"{error.problem}{label}") from error
            except GymLoopError as error:  # gymnasium.make failed otherwise: a value the env cannot take (map_name)
                raise GymLoopError(f"{error}{label}") from error.__cause__
    finally:
        for env in made.values():
            with contextlib.suppress(Exception):  # a check only: the runs report a failing close
                env.close()


def warn_if_envs_differ(names: Iterable[Any], compared: str) -> None:
    """Warn when runs of more than one env (their names, with repeats) are compared: each env's returns have a
    scale of their own. ``compared``: how they are, e.g. "their returns share one axis"."""
    envs = sorted({str(name) for name in names})
    if len(envs) > 1:
        logger.warning("the runs are of %d envs (%s): %s, though each env has its own scale", len(envs),
                       ", ".join(envs), compared)
