"""Whether a process recorded by pid (and host) still lives: for runs and tune workers left behind."""

import os
import socket
from pathlib import Path
from typing import Any, Optional


def process_alive(pid: Any, host: Optional[str] = None) -> Optional[bool]:
    """Whether process ``pid`` lives on this machine.

    A process that ended but was not yet reaped by its parent (a zombie, e.g. a killed worker
    whose parent was killed too) counts as dead.

    Args:
        pid: The recorded process id.
        host: The host it was recorded on; None for this one.

    Returns:
        True or False; None when that cannot be told here (no pid recorded, or another host).
    """
    if type(pid) is not int or pid <= 0 or host not in (None, socket.gethostname()):  # bool is no pid
        return None
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # another user's process
        return True
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except (OSError, IndexError):  # no /proc (macOS): kill(0) said it exists
        return True
