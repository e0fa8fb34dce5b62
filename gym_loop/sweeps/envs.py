"""The env check of a sweep's configs and a tune's space, before anything is created: as ``train`` does.

``train`` makes its env before it writes anything, so a keyword the env does not take (a typo in
``env.parameters``) is a spec error there. A sweep or a tune makes each distinct env section of its
configs once the same way (without a render mode), then closes it.
"""

import json
from typing import Any, Dict, Iterable, Tuple

from gym_loop.errors import SpecError


def check_envs(labelled: Iterable[Tuple[str, Dict[str, Any]]]) -> None:
    """Make and close the env of each distinct ``env`` section.

    Args:
        labelled: ``(label, complete spec)`` pairs; the label ends the message, e.g. ``config <id>``.

    Raises:
        SpecError: ``gymnasium.make`` refuses an env id or its parameters, with `` (<label>)`` added.
        GymLoopError: The env cannot be made for another reason (a dependency missing).
    """
    from gym_loop.gym_loop import build_env

    checked = set()
    for label, spec in labelled:
        key = json.dumps(spec.get("env"), sort_keys=True, default=str)
        if key in checked:
            continue
        checked.add(key)
        try:
            build_env({"env": spec.get("env")}).close()
        except SpecError as error:
            raise SpecError(error.key, f"{error.problem} ({label})") from error
