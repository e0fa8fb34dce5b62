"""Default ``save``/``load`` for agents and policies that define neither: pickle their attributes."""

import logging
import pickle
from typing import Any, Iterable, Optional

logger = logging.getLogger(__name__)


def save_attributes(owner: Any, path: str, names: Optional[Iterable[str]] = None) -> None:
    """Pickle ``owner``'s attributes to ``path``; warn, never fail, when they cannot be pickled.

    Args:
        owner: The agent or policy to save.
        path: File to write.
        names: The attributes to save; all of them when None.
    """
    attributes = vars(owner) if names is None else {name: getattr(owner, name) for name in names}
    try:
        data = pickle.dumps(attributes)
    except Exception as error:
        logger.warning(
            "%s defines no save() and its attributes cannot be pickled (%s: %s); "
            "no checkpoint written. Define save(path) and load(path) to checkpoint it.",
            type(owner).__name__, type(error).__name__, error,
        )
        return
    with open(path, "wb") as file:
        file.write(data)


def load_attributes(owner: Any, path: str) -> None:
    """Restore attributes written by :func:`save_attributes`.

    Args:
        owner: The agent or policy to restore.
        path: File written by :func:`save_attributes`.
    """
    with open(path, "rb") as file:
        vars(owner).update(pickle.load(file))
