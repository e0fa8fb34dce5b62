"""Default ``save``/``load`` for agents and policies that define neither: pickle their attributes."""

import io
import logging
import pickle
from typing import Any, Dict, Iterable, Optional

logger = logging.getLogger(__name__)

GIVEN_SPACES = ("observation_space", "action_space")


def save_attributes(owner: Any, path: str, names: Optional[Iterable[str]] = None) -> None:
    """Pickle ``owner``'s attributes to ``path``; warn, never fail, when they cannot be pickled.

    The env's spaces the owner was given (see :func:`given_spaces`) are saved by name, not pickled.

    Args:
        owner: The agent or policy to save.
        path: File to write.
        names: The attributes to save; all of them when None.
    """
    attributes = vars(owner) if names is None else {name: getattr(owner, name) for name in names}
    by_identity = {id(space): name for name, space in given_spaces(owner).items()}
    buffer = io.BytesIO()
    pickler = pickle.Pickler(buffer)
    pickler.persistent_id = lambda value: by_identity.get(id(value))
    try:
        pickler.dump(attributes)
    except Exception as error:
        logger.warning(
            "%s defines no save() and its attributes cannot be pickled (%s: %s); "
            "no checkpoint written. Define save(path) and load(path) to checkpoint it.",
            type(owner).__name__, type(error).__name__, error,
        )
        return
    with open(path, "wb") as file:
        file.write(buffer.getvalue())


def load_attributes(owner: Any, path: str) -> None:
    """Restore attributes written by :func:`save_attributes`; the env's spaces stay those ``owner`` was given.

    Args:
        owner: The agent or policy to restore.
        path: File written by :func:`save_attributes`.
    """
    with open(path, "rb") as file:
        unpickler = pickle.Unpickler(file)
        unpickler.persistent_load = given_spaces(owner).__getitem__
        attributes = unpickler.load()
    for name, value in attributes.items():
        setattr(owner, name, value)  # vars(owner).update would build its __dict__ (see given_spaces)


def given_spaces(owner: Any) -> Dict[str, Any]:
    """The env's spaces among ``owner.parameters`` (what BaseAgent and BasePolicy were constructed with).

    They are never pickled: on CPython, pickling an object (or calling ``vars`` on it) gives it a
    ``__dict__``, after which its attributes take about twice as long to reach, and the env reaches
    its spaces on every step. A fresh agent is given equal spaces, whose generators the loop restores.
    """
    parameters = getattr(owner, "parameters", None)
    if not isinstance(parameters, dict):
        return {}
    return {name: parameters[name] for name in GIVEN_SPACES if parameters.get(name) is not None}
