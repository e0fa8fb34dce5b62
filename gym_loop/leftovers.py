"""What a process killed mid-write leaves in a run folder, removed before the run is written again.

Checkpoints are staged in ``.saving-*`` folders and files are written through ``.<name>.tmp``
(see :mod:`gym_loop.files`); a ``kill -9`` or a power loss in between leaves them behind. Only the
run's lock holder calls :func:`remove_leftovers`, so no other process is writing them.
"""

import logging
import shutil
from pathlib import Path
from typing import List

logger = logging.getLogger(__name__)

PATTERNS = (".saving-*", ".*.tmp")


def remove_leftovers(*folders: Path) -> List[Path]:
    """Delete the staging folders and temporary files in ``folders``; returns what was deleted."""
    removed = []
    for folder in folders:
        for pattern in PATTERNS:
            for path in sorted(Path(folder).glob(pattern)):
                if path.is_dir() and not path.is_symlink():
                    shutil.rmtree(path)
                else:
                    path.unlink()
                removed.append(path)
    if removed:
        logger.info("removed %d unfinished file(s) of an earlier attempt: %s", len(removed),
                    ", ".join(path.name for path in removed))
    return removed
