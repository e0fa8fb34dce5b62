"""Whether a process recorded by pid (and host) still lives: for runs and tune workers left behind."""

import os
import socket
from pathlib import Path
from typing import Any, Optional


def process_alive(pid: Any, host: Optional[str] = None, started: Optional[str] = None) -> Optional[bool]:
    """Whether process ``pid`` lives on this machine.

    A process that ended but was not yet reaped by its parent (a zombie, e.g. a killed worker
    whose parent was killed too) counts as dead, and so does one that started at another time than
    ``started`` says (the pid taken by another process since: after a reboot, or pids wrapping).

    Args:
        pid: The recorded process id.
        host: The host it was recorded on; None for this one.
        started: Its :func:`process_start` as recorded; None: not recorded (an older record, or no ``/proc``).

    Returns:
        True or False; None when that cannot be told here (no pid recorded, or another host).
    """
    if type(pid) is not int or pid <= 0 or host not in (None, socket.gethostname()):  # bool is no pid
        return None
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # another user's process: /proc, which any user reads, still tells its state and start
        pass
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        if fields[0] == "Z":
            return False
    except (OSError, IndexError):  # no /proc (macOS): kill(0) said it exists
        return True
    return started is None or process_start(pid) in (None, started)


def process_start(pid: int) -> Optional[str]:
    """When process ``pid`` started, as ``<boot id>:<clock ticks after boot>`` (Linux's ``/proc``), unique to it on
    this machine, so a pid another process took since is told apart; None where ``/proc`` cannot tell."""
    try:
        ticks = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[19]  # field 22, starttime
        return f"{Path('/proc/sys/kernel/random/boot_id').read_text().strip()}:{ticks}"
    except (OSError, IndexError):
        return None
